using System.Globalization;
using System.Reflection;
using Chapter4.Language;

namespace Chapter4.Harness;

/// <summary>Reads, sets and checks lesson knobs by reflection.</summary>
public static partial class Knobs
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
            ?? throw new LessonInputException(knobs.Count == 0
                ? RunTexts.Format("knob.unknown.none", Text.Echo(name), lesson.Id)
                : RunTexts.Format("knob.unknown", Text.Echo(name), lesson.Id, string.Join(", ", knobs.Select(k => "--" + k.Name))));
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
            throw new LessonInputException(RunTexts.Format("knob.too-many", knob.Name, count, knob.Attribute.MaxCount));
        foreach (double v in Numbers(value)) CheckBounds(knob, v);
    }

    private static void CheckBounds(KnobInfo knob, double v)
    {
        KnobAttribute a = knob.Attribute;
        if (!double.IsFinite(v)) throw new LessonInputException(RunTexts.Format("knob.not-finite", knob.Name, Show(v)));
        // The lessons compute in float32: a larger number would silently become infinity. (3.4028235e38, float32's largest
        // as float32 spells it, is a double a little above it that rounds to it: in range, as every message says.)
        if (float.IsInfinity((float)v))
            throw new LessonInputException(RunTexts.Format("knob.float32-range", knob.Name, Show(v), Float32Max));
        // ... and a smaller one would become 0, or a subnormal that has lost its precision (1e-45 is 1.4e-45).
        if (v != 0 && Math.Abs(v) < Float32SmallestNormal)
            throw new LessonInputException(RunTexts.Format("knob.float32-small", knob.Name, Show(v), Text.Number(Float32SmallestNormal)));
        bool ok = (double.IsNaN(a.Min) || v >= a.Min)
            && (double.IsNaN(a.Above) || v > a.Above)
            && (double.IsNaN(a.Max) || v <= a.Max)
            && (double.IsNaN(a.Below) || v < a.Below);
        if (!ok) throw new LessonInputException(RunTexts.Format("knob.out-of-range", knob.Name, Show(v, knob.IsInteger), knob.ValueHint));
    }

    /// <summary>float32's largest finite value as float32 spells it, as the messages and the README write the range.</summary>
    private const string Float32Max = "3.4028235e38";

    private const double Float32SmallestNormal = 1.1754943508222875e-38;

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
