using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>One colour per optimizer and per schedule, in every plot that shows it.</summary>
public static class SeriesColors
{
    private static readonly (string Key, Color Colour)[] Named =
    [
        ("sgd", Color.FromHex("#1f77b4")),
        ("momentum", Color.FromHex("#ff7f0e")),
        ("adagrad", Color.FromHex("#2ca02c")),
        ("rmsprop", Color.FromHex("#d62728")),
        ("adam", Color.FromHex("#9467bd")),
        ("StepLR", Color.FromHex("#1f77b4")),
        ("MultiStepLR", Color.FromHex("#ff7f0e")),
        ("ExponentialLR", Color.FromHex("#2ca02c")),
        ("CosineAnnealingLR", Color.FromHex("#d62728")),
        ("LinearLR", Color.FromHex("#9467bd")),
        ("OneCycleLR", Color.FromHex("#8c564b")),
        ("ReduceLROnPlateau", Color.FromHex("#e377c2")),
    ];

    /// <summary>The colour of an optimizer ("adam") or a schedule ("StepLR(step_size=50, ...)"), or null for other series.</summary>
    public static Color? For(string label)
    {
        string key = label.Split('(', ' ', ',')[0];
        foreach (var (name, colour) in Named)
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) return colour;
        return null;
    }
}
