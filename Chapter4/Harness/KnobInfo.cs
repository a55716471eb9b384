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
