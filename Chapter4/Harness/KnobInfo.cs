using System.Reflection;
using Chapter4.Language;

namespace Chapter4.Harness;

/// <summary>One knob of a lesson, read from its <see cref="KnobAttribute"/> property.</summary>
public sealed record KnobInfo(string Name, string Help, PropertyInfo Property, KnobAttribute Attribute)
{
    /// <summary>The knob's value type; an optional number (double?) parses as a number.</summary>
    public Type Type => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>What the user may type, e.g. "number &gt; 0" or "none|mean|sum" (in the UI language; names and bounds as typed).</summary>
    public string ValueHint
    {
        get
        {
            string kind = Type switch
            {
                _ when Type == typeof(double) => RunTexts.Get("hint.number"),
                _ when Type == typeof(int) || Type == typeof(long) => RunTexts.Get("hint.integer"),
                _ when Type == typeof(bool) => "true|false",
                _ when Type == typeof(int[]) => RunTexts.Get("hint.integers"),
                _ when Type == typeof(double[]) => RunTexts.Get("hint.numbers"),
                _ when Type == typeof(double[][]) => RunTexts.Get("hint.rows"),
                _ when Type == typeof(string[]) => Attribute.Choices is { } c ? RunTexts.Format("hint.names-from", c.Replace(',', '|')) : RunTexts.Get("hint.names"),
                _ when Type.IsEnum => string.Join("|", Enum.GetNames(Type).Select(Knobs.Kebab)),
                _ => RunTexts.Get("hint.text"),
            };
            // The bounds in words of the UI language (">= 1 and <= 300" is "在 1 到 300 之间" in Chinese).
            var bounds = new List<string>();
            KnobAttribute a = Attribute;
            if (!double.IsNaN(a.Min) && !double.IsNaN(a.Max))
                bounds.Add(RunTexts.Format("hint.range", Knobs.Show(a.Min, IsInteger), Knobs.Show(a.Max, IsInteger)));
            else if (!double.IsNaN(a.Min)) bounds.Add(RunTexts.Format("hint.min", Knobs.Show(a.Min, IsInteger)));
            if (!double.IsNaN(a.Above)) bounds.Add(RunTexts.Format("hint.above", Knobs.Show(a.Above, IsInteger)));
            if (!double.IsNaN(a.Max) && double.IsNaN(a.Min)) bounds.Add(RunTexts.Format("hint.max", Knobs.Show(a.Max, IsInteger)));
            if (!double.IsNaN(a.Below)) bounds.Add(RunTexts.Format("hint.below", Knobs.Show(a.Below, IsInteger)));
            bool list = Type.IsArray;
            // A list capped below the general cap says its cap (--momenta: at most 10).
            string count = list && a.MaxCount < Knobs.MaxListValues ? RunTexts.Format("hint.at-most", a.MaxCount) : "";
            if (bounds.Count == 0) return kind + count;
            string all = string.Join(RunTexts.Get("hint.and"), bounds);
            return list ? RunTexts.Format("hint.each", kind, all, count) : RunTexts.Format("hint.bounded", kind, all);
        }
    }

    /// <summary>Whole-number knobs (steps, epochs, milestones) show their bounds as integers.</summary>
    public bool IsInteger => Type == typeof(int) || Type == typeof(long) || Type == typeof(int[]);

    public string DefaultText(Lesson fresh) => Knobs.Format(Property.GetValue(fresh));
}
