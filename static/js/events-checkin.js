// Check-in page: scan a participant's QR code with the phone camera and send
// the decoded token with the code form. Without a camera (or jsQR) the page
// keeps the manual entry form, which does the same.
(function () {
  "use strict";
  var scanner = document.querySelector("[data-qr-scanner]");
  var start = document.querySelector("[data-qr-start]");
  var form = document.querySelector("[data-qr-form]");
  if (!scanner || !start || !form) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== "function") return;
  var video = scanner.querySelector("[data-qr-video]");
  var status = scanner.querySelector("[data-qr-status]");
  var input = form.querySelector("input[name='code']");
  var method = form.querySelector("[data-qr-method]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  start.hidden = false;

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
  }

  function tick() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        stop();
        input.value = code.data;
        method.value = "qr";
        status.textContent = start.dataset.found || "OK";
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(tick);
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        scanner.hidden = false;
        video.srcObject = s;
        video.play();
        window.requestAnimationFrame(tick);
      })
      .catch(function () {
        scanner.hidden = false;
        status.textContent = form.dataset.noCamera || "";
        input.focus();
      });
  });
  window.addEventListener("pagehide", stop);
})();
