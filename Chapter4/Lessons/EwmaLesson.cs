using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>指数移动加权平均: S_t = (1−β)·Y_t + β·S_(t−1) over a seeded temperature-like series.</summary>
public sealed class EwmaLesson : Lesson
{
    public override string Id => "ewma";
    public override CourseSection Section => CourseOutline.Ewma;
    public override string Description => "S_t = (1−β)·Y_t + β·S_(t−1) over 100 seeded days, β = 0.5, 0.9, 0.98, with and without bias correction";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("ewma.png", "The daily series with its averages: a larger β is smoother but lags, and without bias correction the averages start near 0."),
            new("ewma-weights.png", "The weight (1−β)·β^k of the value k days back: β = 0.5 forgets within days, β = 0.98 remembers for weeks."),
        ];

    [Knob("beta", "the β values to average with, each in [0, 1)", Min = 0, Below = 1, MaxCount = 10)]
    public double[] Beta { get; set; } = [0.5, 0.9, 0.98];

    [Knob("days", "length of the series", Min = 2, Max = 100_000)]
    public int Days { get; set; } = 100;

    private static readonly int[] ShownDays = [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    public override void Run(LessonContext ctx)
    {
        // A seeded, temperature-like series: a seasonal swell plus day-to-day noise.
        var days = torch.arange(1, Days + 1, dtype: ScalarType.Float32);
        var temperature = 15 + 10 * torch.sin(days * Math.PI / Days) + 3 * torch.randn(Days);
        double[] y = TensorValues.ToDoubles(temperature);

        var averages = new List<(double Beta, double[] Ewma, double[] Corrected, double[] Weights)>();
        foreach (double beta in Beta)
        {
            var ewma = new double[Days];
            var corrected = new double[Days];
            double s = 0; // S_0 = 0
            for (int t = 1; t <= Days; t++)
            {
                s = (1 - beta) * y[t - 1] + beta * s;
                ewma[t - 1] = s;
                corrected[t - 1] = s / (1 - Math.Pow(beta, t)); // bias correction: S_t / (1 − β^t)
            }
            // Weight of the value k days back in S_t: (1−β)·β^k.
            double[] weights = Enumerable.Range(0, Math.Min(Days, 50)).Select(k => (1 - beta) * Math.Pow(beta, k)).ToArray();
            averages.Add((beta, ewma, corrected, weights));
        }

        ctx.Print("day   temp " + string.Concat(averages.Select(a => $" {"S β=" + PyFormat.Repr(a.Beta),10} {"corrected",10}")));
        foreach (int day in ShownDays.Where(d => d <= Days))
            ctx.Print($"{day,3} {PyFormat.Fixed(y[day - 1], 2),6}" +
                      string.Concat(averages.Select(a => $" {PyFormat.Fixed(a.Ewma[day - 1], 4),10} {PyFormat.Fixed(a.Corrected[day - 1], 4),10}")));
        foreach (var a in averages)
            ctx.Print($"β={PyFormat.Repr(a.Beta)}: weights of today, yesterday, ... = {string.Join(", ", a.Weights.Take(4).Select(w => PyFormat.Fixed(w, 4)))}, ...; " +
                      $"all {Days} weights sum to 1 − β^{Days} = {PyFormat.Fixed(1 - Math.Pow(a.Beta, Days), 4)}");

        ctx.Result("temperature", temperature);
        ctx.Result("averages", averages.Select(a => new Dictionary<string, object?>
        {
            ["beta"] = a.Beta,
            ["ewma"] = a.Ewma,
            ["ewma_corrected"] = a.Corrected,
            ["weights"] = a.Weights,
        }));

        double[] x = Enumerable.Range(1, Days).Select(d => (double)d).ToArray();
        var plot = Figures.Create("Exponentially weighted moving averages", "Day", "Temperature");
        var points = plot.Add.ScatterPoints(x, y);
        points.LegendText = "daily temperature (seeded)";
        foreach (var a in averages)
        {
            var line = plot.Line(x, a.Ewma, $"β = {PyFormat.Repr(a.Beta)}");
            var fixedLine = plot.Line(x, a.Corrected, $"β = {PyFormat.Repr(a.Beta)}, bias-corrected");
            fixedLine.Color = line.Color;
            fixedLine.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        ctx.Save(plot, "ewma.png");

        var weightPlot = Figures.Create("Weight (1−β)·β^k of the value k days back", "Days back (k)", "Weight in S_t");
        foreach (var a in averages)
            weightPlot.Line(Enumerable.Range(0, a.Weights.Length).Select(k => (double)k).ToArray(), a.Weights, $"β = {PyFormat.Repr(a.Beta)}");
        ctx.Save(weightPlot, "ewma-weights.png");

        ctx.Note("");
        ctx.Note("Take-away: the nearer a day, the larger its weight; a larger β averages over more days (about 1/(1−β)) and reacts later.");
        ctx.Note("S_0 = 0 drags the first averages toward 0; dividing by 1 − β^t (bias correction) removes that start-up bias.");
    }
}
