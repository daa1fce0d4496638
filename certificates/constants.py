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

# Entries of the published Open Badges revocation list (W3C Bitstring Status
# List): the specification's minimum of 16 KiB, i.e. 131,072 one-bit entries,
# and fixed at that. Indexes are drawn at random over the whole list, so neither
# its length nor an index tells how many certificates exist or their order.
STATUS_LIST_SIZE = 131_072
