using System.Globalization;
using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>
/// One colour per concept in every plot that shows it, from this one table: each optimizer, schedule and loss has
/// its own; a numeric setting (an EWMA β, a momentum μ, a learning rate) has a colour per value, the same value the
/// same colour in every plot. The plot tests collect every legend and fail when one concept has two colours.
/// </summary>
public static class SeriesColors
{
    // Tableau 10 and a few more: distinct for the colour-blind-safe pairs we draw together.
    private static readonly string[] Categorical =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];

    private static readonly Dictionary<string, string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        // Optimizers.
        ["sgd"] = "#1f77b4",
        ["momentum"] = "#ff7f0e",
        ["adagrad"] = "#2ca02c",
        ["rmsprop"] = "#d62728",
        ["adam"] = "#9467bd",
        // Schedules (a constant rate is the baseline: grey).
        ["StepLR"] = "#1f77b4",
        ["MultiStepLR"] = "#ff7f0e",
        ["ExponentialLR"] = "#2ca02c",
        ["CosineAnnealingLR"] = "#d62728",
        ["LinearLR"] = "#9467bd",
        ["OneCycleLR"] = "#8c564b",
        ["ReduceLROnPlateau"] = "#e377c2",
        ["constant"] = "#7f7f7f",
        // Losses.
        ["MSE"] = "#d62728",
        ["MAE"] = "#1f77b4",
        ["L1"] = "#1f77b4",
        ["SmoothL1"] = "#2ca02c",
        ["Huber"] = "#9467bd",
        ["CrossEntropy"] = "#8c564b",
        ["BCE"] = "#e377c2",
        ["BCE y=1"] = "#e377c2",
        ["BCE y=0"] = "#17becf",
        // Gradient-descent variants.
        ["BGD"] = "#8c564b",
        ["SGD (batch 1)"] = "#1f77b4",
        ["mini-batch"] = "#2ca02c",
        // ModelDemo's linear2 ReLU units (init-dead-relu).
        ["off for 5 inputs"] = "#ff7f0e",
        ["dead for every input"] = "#d62728",
        ["identical rows"] = "#1f77b4",
        // What is not a fit: data, the truth.
        ["data"] = "#7f7f7f",
        ["true"] = "#000000",
    };

    /// <summary>The colour of a named concept (an optimizer "adam", a schedule "StepLR(...)", a loss "MSE"), or null if it has none.</summary>
    public static Color? For(string label)
    {
        if (Named.TryGetValue(label, out string? exact)) return Color.FromHex(exact);
        string key = label.Split('(', ' ', ',')[0];
        return Named.TryGetValue(key, out string? hex) ? Color.FromHex(hex) : null;
    }

    /// <summary>The colour of a named concept; throws for a name the table does not have (add it above).</summary>
    public static Color Of(string name) => For(name) ?? throw new ArgumentException($"no colour for '{name}': add it to SeriesColors");

    // The values the lessons use by default, each its own categorical colour; other values get a colour by position.
    private static readonly double[] UsualSettings = [0, 0.5, 0.9, 0.98, 0.99, 0.999, 0.95, 0.8, 0.3, 0.1];
    private static readonly double[] UsualRates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1.0, 1.01, 0.0013, 0.05];

    /// <summary>A factor in [0, 1] (an EWMA β, a momentum μ): the same value, the same colour, in every plot.</summary>
    public static Color Setting(double value) => ByValue(value, UsualSettings, Math.Clamp(value, 0, 1));

    /// <summary>A learning rate: the same rate, the same colour, in every plot.</summary>
    public static Color Rate(double lr) => ByValue(lr, UsualRates, Math.Clamp((Math.Log10(lr) + 4) / 5, 0, 1));

    private static Color ByValue(double value, double[] usual, double position)
    {
        int i = Array.FindIndex(usual, u => Math.Abs(u - value) <= 1e-12 * Math.Max(1, Math.Abs(u)));
        if (i >= 0) return Color.FromHex(Categorical[i % Categorical.Length]);
        // Not a usual value: a colour from a dark-to-light ramp (viridis ends) by position, so nearby values look related.
        return Color.FromHex("#440154").MixedWith(Color.FromHex("#fde725"), position);
    }

    /// <summary>"#rrggbb" of a colour, for legends and tests.</summary>
    public static string Hex(Color colour) => "#" + (colour.ARGB & 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
}
