using System.Globalization;
using System.Reflection;

namespace Chapter4.Harness;

/// <summary>One knob of a lesson, read from its <see cref="KnobAttribute"/> property.</summary>
public sealed record KnobInfo(string Name, string Help, PropertyInfo Property, KnobAttribute Attribute)
{
    /// <summary>The knob's value type; an optional number (double?) parses as a number.</summary>
    public Type Type => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>What the user may type, e.g. "number &gt; 0" or "none|mean|sum".</summary>
    public string ValueHint
    {
        get
        {
            string kind = Type switch
            {
                _ when Type == typeof(double) => "number",
                _ when Type == typeof(int) || Type == typeof(long) => "integer",
                _ when Type == typeof(bool) => "true|false",
                _ when Type == typeof(int[]) => "integers, comma-separated",
                _ when Type == typeof(double[]) => "numbers, comma-separated",
                _ when Type == typeof(double[][]) => "rows of comma-separated numbers, rows split by ';' (quote it in the shell)",
                _ when Type == typeof(string[]) => Attribute.Choices is { } c ? $"names, comma-separated, from {c.Replace(',', '|')}" : "names, comma-separated",
                _ when Type.IsEnum => string.Join("|", Enum.GetNames(Type).Select(Knobs.Kebab)),
                _ => "text",
            };
            var bounds = new List<string>();
            KnobAttribute a = Attribute;
            if (!double.IsNaN(a.Min)) bounds.Add($">= {Knobs.Show(a.Min, IsInteger)}");
            if (!double.IsNaN(a.Above)) bounds.Add($"> {Knobs.Show(a.Above, IsInteger)}");
            if (!double.IsNaN(a.Max)) bounds.Add($"<= {Knobs.Show(a.Max, IsInteger)}");
            if (!double.IsNaN(a.Below)) bounds.Add($"< {Knobs.Show(a.Below, IsInteger)}");
            bool list = Type.IsArray;
            // A list capped below the general cap says its cap (--momenta: at most 10).
            string count = list && a.MaxCount < Knobs.MaxListValues ? $", at most {a.MaxCount:N0} values" : "";
            if (bounds.Count == 0) return kind + count;
            return list ? $"{kind}, each {string.Join(" and ", bounds)}{count}" : $"{kind} {string.Join(" and ", bounds)}";
        }
    }

    /// <summary>Whole-number knobs (steps, epochs, milestones) show their bounds as integers.</summary>
    public bool IsInteger => Type == typeof(int) || Type == typeof(long) || Type == typeof(int[]);

    public string DefaultText(Lesson fresh) => Knobs.Format(Property.GetValue(fresh));
}

/// <summary>Reads, sets and checks lesson knobs by reflection.</summary>
public static class Knobs
{
    public static IReadOnlyList<KnobInfo> Of(Type lessonType) =>
        lessonType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, a: p.GetCustomAttribute<KnobAttribute>()))
            .Where(x => x.a is not null)
            .Select(x => new KnobInfo(x.a!.Name, x.a.Help, x.p, x.a))
            .ToList();

    /// <summary>Sets knob <paramref name="name"/> from command-line text, checking type and bounds.</summary>
    public static void Set(Lesson lesson, string name, string text)
    {
        var knobs = Of(lesson.GetType());
        KnobInfo knob = knobs.FirstOrDefault(k => k.Name == name)
            ?? throw new LessonInputException(
                $"unknown option '--{name}' for lesson '{lesson.Id}'; valid: " +
                (knobs.Count == 0 ? "no lesson options" : string.Join(", ", knobs.Select(k => "--" + k.Name))) +
                " and the common options (see --help)");
        if (!TryParse(knob, text, out object? value, out string? error)) throw new LessonInputException(error);
        knob.Property.SetValue(lesson, value);
    }

    /// <summary>Parses command-line text for a knob: its type, and for numbers their bounds.</summary>
    public static bool TryParse(KnobInfo knob, string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        try
        {
            value = Parse(knob, text);
            Check(knob, value);
            return true;
        }
        catch (LessonInputException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Checks every knob's bounds, then the lesson's own cross-checks.</summary>
    public static void Validate(Lesson lesson)
    {
        foreach (KnobInfo knob in Of(lesson.GetType())) Check(knob, knob.Property.GetValue(lesson));
        TorchRuntime.EnsureLoaded(); // a lesson's cross-checks may build its input tensors
        lesson.Validate();
    }

    private static IEnumerable<double> Numbers(object? value) => value switch
    {
        double d => [d],
        int i => [i],
        long l => [l],
        int[] xs => xs.Select(x => (double)x),
        double[] xs => xs,
        double[][] rows => rows.SelectMany(r => r),
        _ => [],
    };

    /// <summary>Lists longer than this are refused: every value becomes a tensor element and a printed number.</summary>
    public const int MaxListValues = 100_000;

    private static void Check(KnobInfo knob, object? value)
    {
        int count = value switch
        {
            Array a when a.Rank == 1 && a.GetType().GetElementType()!.IsArray => a.Cast<Array>().Sum(r => r.Length),
            Array a => a.Length,
            _ => 1,
        };
        if (count > knob.Attribute.MaxCount)
            throw new LessonInputException($"--{knob.Name} has {count} values; at most {knob.Attribute.MaxCount} are allowed");
        foreach (double v in Numbers(value)) CheckBounds(knob, v);
    }

    private static void CheckBounds(KnobInfo knob, double v)
    {
        KnobAttribute a = knob.Attribute;
        if (!double.IsFinite(v)) throw new LessonInputException($"--{knob.Name} {Show(v)} is not valid: every value must be a finite number");
        // The lessons compute in float32: a larger number would silently become infinity.
        if (Math.Abs(v) > float.MaxValue)
            throw new LessonInputException($"--{knob.Name} {Show(v)} is outside float32's finite range (±{Float32Max}): the lessons compute in float32");
        // ... and a smaller one would become 0, or a subnormal that has lost its precision (1e-45 is 1.4e-45).
        if (v != 0 && Math.Abs(v) < Float32SmallestNormal)
            throw new LessonInputException($"--{knob.Name} {Show(v)} is below float32's smallest normal number ({Text.Number(Float32SmallestNormal)}): " +
                "the lessons compute in float32, where it would round to 0 or lose its precision; float32 holds ±1.1754944e-38 to ±3.4028235e38");
        bool ok = (double.IsNaN(a.Min) || v >= a.Min)
            && (double.IsNaN(a.Above) || v > a.Above)
            && (double.IsNaN(a.Max) || v <= a.Max)
            && (double.IsNaN(a.Below) || v < a.Below);
        if (!ok) throw new LessonInputException($"--{knob.Name} {Show(v, knob.IsInteger)} is out of range: expected {knob.ValueHint}");
    }

    /// <summary>float32's largest finite value in full: "3.4028235e38" is float32's shortest spelling, a larger double.</summary>
    private static readonly string Float32Max = Text.Number(float.MaxValue);

    private const double Float32SmallestNormal = 1.1754943508222875e-38;

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
                throw new LessonInputException($"--{knob.Name} {Text.Echo(huge)} is outside float32's finite range (±{Float32Max}): the lessons compute in float32");
        }
        string bad = $"--{knob.Name}: '{Text.Echo(text)}' is not valid; expected {knob.ValueHint}";
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
                throw new LessonInputException($"--{knob.Name}: unknown name '{Text.Echo(unknown)}'; valid: {string.Join(", ", allowed)}");
            if (names.Distinct().Count() != names.Length) throw new LessonInputException($"--{knob.Name}: '{Text.Echo(text)}' names one twice; expected {knob.ValueHint}");
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

    public static string Format(object? value) => value switch
    {
        null => "none",
        double d => Show(d),
        bool b => b ? "true" : "false",
        int[] xs => string.Join(",", xs),
        string[] xs => string.Join(",", xs),
        double[] xs => string.Join(",", xs.Select(Show)),
        double[][] rows => string.Join(";", rows.Select(r => string.Join(",", r.Select(Show)))),
        Enum e => Kebab(e.ToString()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal static string Show(double d) => Text.Number(d);

    internal static string Show(double d, bool integer) =>
        integer && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : Show(d);

    /// <summary>Enum names on the command line: "StepSize" → "step-size".</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
