// The one number formatter of the browser, with the rules of renstra.numbers.display_number:
// a measured value or count without decimals unless it has them ("30", "87,5"), a percentage
// to two decimals with its sign ("3,90 %"), Rupiah to two decimals ("65.432.100,50").
// Strings are formatted as exact decimals (no float rounding), numbers as they are.
(function (global) {
  var LOCALE = "id-ID";
  var measure = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 4, roundingMode: "halfExpand" });
  var two = new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: "halfExpand",
  });

  function format(value, style) {
    if (value === null || value === undefined || value === "") return "-";
    if (!isFinite(Number(value))) return "-";
    var exact = typeof value === "string" ? value.trim() : value;
    if (style === "%") return two.format(exact) + " %";
    if (style === "rp") return two.format(exact);
    return measure.format(exact);
  }

  global.RenstraNumbers = { locale: LOCALE, format: format };
})(window);
