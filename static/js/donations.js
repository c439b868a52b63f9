// The donation form on /support/: show the "other amount" box only when it is chosen, and say on
// the button what will be charged, with "/month" for a monthly gift. Works without it, too.
(function () {
  "use strict";
  var form = document.getElementById("donate-form");
  if (!form) return;
  var submit = form.querySelector('input[type="submit"][name="give"]');
  var otherWrapper = document.getElementById("div_id_other_amount");
  var otherInput = document.getElementById("id_other_amount");
  var grouping = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2 });

  function checked(name) {
    return form.querySelector('input[name="' + name + '"]:checked');
  }

  function update() {
    var amount = checked("amount");
    var frequency = checked("frequency");
    var isOther = !amount || amount.value === "other";
    if (otherWrapper) otherWrapper.hidden = !isOther;
    var rupees = isOther ? parseFloat(otherInput && otherInput.value) : parseFloat(amount.value);
    var monthly = frequency && frequency.value === "monthly";
    if (submit) {
      submit.value = rupees > 0
        ? "Give ₹" + grouping.format(rupees) + (monthly ? "/month" : "")
        : (monthly ? "Continue to monthly payment" : "Continue to payment");
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
