"""Plain values shared by the models and the drawing (no imports, so
either may use them without importing the other)."""

# The built-in texts of a certificate, used when a template leaves its body
# empty and as the default of a new template.
DEFAULT_BODY_PL = (
    "Niniejszym zaświadcza się, że\n{name}\nukończył(a) {kind_label} „{title}”\n"
    "w wymiarze {hours} godzin, w dniach {dates}, miejsce: {place}."
)
DEFAULT_BODY_EN = (
    "This is to certify that\n{name}\nhas completed the {kind_label} “{title}”\n"
    "({hours} hours), {dates}, place: {place}."
)
