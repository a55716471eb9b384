namespace Chapter4.Harness;

/// <summary>Marks a lesson property as a command-line knob: <c>--name value</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnobAttribute(string name, string help) : Attribute
{
    public string Name { get; } = name;
    public string Help { get; } = help;

    /// <summary>Smallest allowed value (inclusive), NaN for none.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Values must be greater than this (exclusive), NaN for none.</summary>
    public double Above { get; set; } = double.NaN;

    /// <summary>Largest allowed value (inclusive), NaN for none.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>Values must be less than this (exclusive), NaN for none.</summary>
    public double Below { get; set; } = double.NaN;

    /// <summary>For a list knob: at most this many values (every list is capped at <see cref="Knobs.MaxListValues"/>).</summary>
    public int MaxCount { get; set; } = Knobs.MaxListValues;

    /// <summary>For a list of names: the allowed names, comma-separated (null: any).</summary>
    public string? Choices { get; set; }
}
