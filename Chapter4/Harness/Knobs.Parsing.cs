using System.Globalization;
using Chapter4.Language;

namespace Chapter4.Harness;

/// <summary>How command-line text becomes a knob's value: numbers, lists, rows, names.</summary>
public static partial class Knobs
{
    private static object Parse(KnobInfo knob, string text)
    {
        Type t = knob.Type;
        // "1e400" parses as infinity: say the number typed, not "Infinity".
        if (t == typeof(double) || t == typeof(double[]) || t == typeof(double[][]))
        {
            string? huge = text.Split([',', ';']).Select(p => p.Trim()).FirstOrDefault(p =>
                double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsInfinity(d)
                && !p.Contains("inf", StringComparison.OrdinalIgnoreCase) && !p.Contains('∞'));
            if (huge is not null)
                throw new LessonInputException(RunTexts.Format("knob.float32-range", knob.Name, Text.Echo(huge), Float32Max));
        }
        // A Chinese input method types "50，100" and "０.１": name the cause, the value hint alone does not show it.
        string bad = RunTexts.Format(HasFullWidth(text) ? "knob.invalid.full-width" : "knob.invalid", knob.Name, Text.Echo(text), knob.ValueHint);
        if (t == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new LessonInputException(bad);
        if (t == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : throw new LessonInputException(bad);
        if (t == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : throw new LessonInputException(bad);
        if (t == typeof(bool))
            return text switch { "true" => true, "false" => false, _ => throw new LessonInputException(bad) };
        if (t == typeof(string)) return text;
        if (t == typeof(string[]))
        {
            string[] names = text.Split(',', StringSplitOptions.TrimEntries);
            string[]? allowed = knob.Attribute.Choices?.Split(',');
            if (names.Any(n => n.Length == 0)) throw new LessonInputException(bad);
            if (allowed is not null && names.FirstOrDefault(n => !allowed.Contains(n)) is { } unknown)
                throw new LessonInputException(RunTexts.Format("knob.unknown-name", knob.Name, Text.Echo(unknown), string.Join(", ", allowed)));
            if (names.Distinct().Count() != names.Length) throw new LessonInputException(RunTexts.Format("knob.name-twice", knob.Name, Text.Echo(text), knob.ValueHint));
            return names;
        }
        if (t == typeof(int[])) return ParseList<int>(text, (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v)) ?? throw new LessonInputException(bad);
        if (t == typeof(double[])) return ParseNumbers(text) ?? throw new LessonInputException(bad);
        if (t == typeof(double[][]))
        {
            var rows = text.Split(';', StringSplitOptions.TrimEntries).Select(ParseNumbers).ToArray();
            return rows.All(r => r is not null) ? rows.Select(r => r!).ToArray() : throw new LessonInputException(bad);
        }
        if (t.IsEnum)
        {
            foreach (string n in Enum.GetNames(t))
                if (Kebab(n) == text) return Enum.Parse(t, n);
            throw new LessonInputException(bad);
        }
        throw new InvalidOperationException($"knob type {t} is not supported");
    }

    private delegate bool TryParseValue<T>(string text, out T value);

    /// <summary>Comma-separated values, or null if any of them does not parse.</summary>
    private static T[]? ParseList<T>(string text, TryParseValue<T> parse)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!parse(parts[i], out values[i])) return null;
        return values;
    }

    private static double[]? ParseNumbers(string text) =>
        ParseList<double>(text, (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v));

    /// <summary>Full-width forms (U+FF01–FF5E: "，", "；", "０"…"９", "－", "．") and the ideographic comma and space.</summary>
    private static bool HasFullWidth(string text) => text.Any(c => c is >= '\uFF01' and <= '\uFF5E' or '、' or '\u3000' or '。');
}
