using System.Globalization;
using System.Numerics;

namespace Chapter4.Printing;

/// <summary>
/// Python's number formatting, digit for digit: <c>repr(float)</c>, <c>'{:.4f}'</c>, <c>'{:.4e}'</c>
/// and <c>'{:,}'</c>. Python rounds the exact binary value half-to-even; .NET's "F4" rounds ties
/// away from zero, which would print 0.0313 where PyTorch prints 0.0312 for 1/32. So the fixed and
/// scientific forms are computed here from the exact decimal expansion of the double.
/// </summary>
public static class PyFormat
{
    /// <summary>Python's <c>repr(x)</c> for a float: shortest round-trip digits, Python's layout.</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";
        // "R" gives the shortest round-trip digits (as Python's repr); only the layout differs.
        string shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exponent) = SplitDigits(shortest);
        string sign = x < 0 ? "-" : "";
        // Python repr: fixed notation when -4 <= exponent < 16, else scientific.
        if (exponent >= -4 && exponent < 16)
        {
            int point = exponent + 1; // digits before the decimal point
            string s;
            if (point <= 0) s = "0." + new string('0', -point) + digits;
            else if (point >= digits.Length) s = digits + new string('0', point - digits.Length) + ".0";
            else s = digits[..point] + "." + digits[point..];
            return sign + s;
        }
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>'{:.Nf}'.format(x)</c>.</summary>
    public static string Fixed(double x, int decimals)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        (BigInteger numerator, int scale) = ExactDecimal(Math.Abs(x));
        BigInteger rounded = RoundHalfEven(numerator, scale - decimals);
        string digits = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        string body = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        return (double.IsNegative(x) ? "-" : "") + body;
    }

    /// <summary>Python's <c>'{:.Ne}'.format(x)</c>.</summary>
    public static string Scientific(double x, int decimals)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        string sign = double.IsNegative(x) ? "-" : "";
        if (x == 0) return sign + "0." + new string('0', decimals) + "e+00";
        (BigInteger numerator, int scale) = ExactDecimal(Math.Abs(x));
        int totalDigits = numerator.ToString(CultureInfo.InvariantCulture).Length;
        int exponent = totalDigits - 1 - scale;
        BigInteger rounded = RoundHalfEven(numerator, totalDigits - 1 - decimals);
        string digits = rounded.ToString(CultureInfo.InvariantCulture);
        if (digits.Length > decimals + 1) { exponent++; digits = digits[..(decimals + 1)]; }
        string mantissa = decimals == 0 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>'{:.Ng}'.format(x)</c>: N significant digits, trailing zeros dropped.</summary>
    public static string General(double x, int significant)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0" : "0";
        int p = Math.Max(1, significant);
        string sci = Scientific(x, p - 1);
        int exponent = int.Parse(sci[(sci.IndexOf('e') + 1)..], CultureInfo.InvariantCulture);
        static string Trim(string s) => s.Contains('.') ? s.TrimEnd('0').TrimEnd('.') : s;
        if (exponent >= -4 && exponent < p) return Trim(Fixed(x, p - 1 - exponent));
        string mantissa = Trim(sci[..sci.IndexOf('e')]);
        return mantissa + sci[sci.IndexOf('e')..];
    }

    /// <summary>Python's <c>'{:,}'.format(n)</c>.</summary>
    public static string Thousands(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Python's <c>str(list)</c> of floats, e.g. <c>[0.1, 0.05]</c>.</summary>
    public static string List(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Repr)) + "]";

    private static (string Digits, int Exponent) SplitDigits(string roundTrip)
    {
        // roundTrip is like "0.0001", "123.45" or "1E-05" / "1.5E+20".
        int e = roundTrip.IndexOfAny(['E', 'e']);
        int exp10 = 0;
        string mant = roundTrip;
        if (e >= 0)
        {
            exp10 = int.Parse(roundTrip[(e + 1)..], CultureInfo.InvariantCulture);
            mant = roundTrip[..e];
        }
        int dot = mant.IndexOf('.');
        string intPart = dot >= 0 ? mant[..dot] : mant;
        string fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        string all = intPart + fracPart;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.TrimStart('0').TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exponent = intPart.Length - 1 - leadingZeros + exp10;
        return (digits, exponent);
    }

    /// <summary>x = numerator / 10^scale exactly (x finite, non-negative).</summary>
    private static (BigInteger Numerator, int Scale) ExactDecimal(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = rawExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (rawExponent == 0 ? 1 : rawExponent) - 1075;
        if (exponent >= 0) return (new BigInteger(mantissa) << exponent, 0);
        // m * 2^e = m * 5^-e / 10^-e
        return (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent), -exponent);
    }

    /// <summary>numerator / 10^drop rounded half to even (drop may be negative: scale up).</summary>
    private static BigInteger RoundHalfEven(BigInteger numerator, int drop)
    {
        if (drop <= 0) return numerator * BigInteger.Pow(10, -drop);
        BigInteger divisor = BigInteger.Pow(10, drop);
        BigInteger quotient = BigInteger.DivRem(numerator, divisor, out BigInteger remainder);
        BigInteger twice = remainder * 2;
        if (twice > divisor || (twice == divisor && !quotient.IsEven)) quotient += 1;
        return quotient;
    }
}
