using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
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
            new("ewma.png", T("caption.series")),
            new("ewma-weights.png", T("caption.weights")),
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
        // The usual days, and the last day of the series when it is not one of them (--days 6 shows day 6).
        foreach (int day in ShownDays.Where(d => d <= Days).Append(Days).Distinct().Order())
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
        var plot = Figures.Create(T("plot.series.title"), T("plot.series.x"), T("plot.series.y"));
        var points = plot.Add.ScatterPoints(x, y);
        points.LegendText = T("plot.series.data");
        points.Color = SeriesColors.Of("data");
        foreach (var a in averages)
        {
            // One colour per β value, the same in both plots (and wherever that β appears); dashed: bias-corrected.
            var line = plot.Line(x, a.Ewma, T("plot.beta", PyFormat.Repr(a.Beta)));
            line.Color = SeriesColors.Setting(a.Beta);
            var fixedLine = plot.Line(x, a.Corrected, T("plot.beta-corrected", PyFormat.Repr(a.Beta)));
            fixedLine.Color = SeriesColors.Setting(a.Beta);
            fixedLine.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        ctx.Save(plot, "ewma.png");

        var weightPlot = Figures.Create(T("plot.weights.title"), T("plot.weights.x"), T("plot.weights.y"));
        foreach (var a in averages)
            weightPlot.Line(Enumerable.Range(0, a.Weights.Length).Select(k => (double)k).ToArray(), a.Weights, T("plot.beta", PyFormat.Repr(a.Beta))).Color = SeriesColors.Setting(a.Beta);
        ctx.Save(weightPlot, "ewma-weights.png");

        ctx.Note("");
        TakeAways(ctx, y, averages);
    }

    /// <summary>What the averages show, each sentence computed from this run's series and averages.</summary>
    private static void TakeAways(LessonContext ctx, double[] y, List<(double Beta, double[] Ewma, double[] Corrected, double[] Weights)> averages)
    {
        foreach (var a in averages)
        {
            string beta = PyFormat.Repr(a.Beta);
            if (a.Beta == 0)
            {
                ctx.Say(Claim.Trend($"weights β={beta}", a.Weights).Quoting(("β", 0)), "weights.zero", beta);
                continue;
            }
            var trend = Claim.Trend($"weights β={beta}", a.Weights).Quoting(("β", a.Beta));
            string first = string.Join(", ", a.Weights.Take(3).Select(w => PyFormat.General(w, 3)));
            ctx.Say(trend, trend.Direction == TrendDirection.Decreasing ? "weights" : "weights.other", beta, first);
        }

        // About how many days each average spans, and how far it lags a steady trend: 1/(1−β) and β/(1−β).
        var windows = Claim.Rank(averages.Select(a => ($"β = {PyFormat.Repr(a.Beta)}", 1 / (1 - a.Beta))))
            .Quoting(averages.Select((a, i) => ($"lag {i + 1}", a.Beta / (1 - a.Beta))).Concat(averages.Select((a, i) => ($"β {i + 1}", a.Beta))).ToArray());
        ctx.Say(windows, "window", JoinList(averages.OrderBy(a => a.Beta).Select(a =>
            Texts.Format(ctx.TextOwner!, "window.item", PyFormat.Repr(a.Beta), DayCount(1 / (1 - a.Beta)), DayCount(a.Beta / (1 - a.Beta)))), clauses: true));

        if (averages.Count > 1 && y.Length > 1)
        {
            // Smoothness: the mean day-to-day change of the bias-corrected average (the uncorrected one also climbs from 0).
            var change = averages.Select(a => (a.Beta, Change: Enumerable.Range(1, a.Corrected.Length - 1).Average(t => Math.Abs(a.Corrected[t] - a.Corrected[t - 1])))).ToList();
            var smooth = Claim.Rank(change.Select(c => ($"β = {PyFormat.Repr(c.Beta)}", c.Change))).Quoting(change.Select((c, i) => ($"β {i + 1}", c.Beta)).ToArray());
            double[] betasInOrder = smooth.Names.Select(n => change.First(c => $"β = {PyFormat.Repr(c.Beta)}" == n).Beta).ToArray();
            bool byBeta = betasInOrder.Zip(betasInOrder.Skip(1), (a, b) => a >= b).All(ok => ok);
            ctx.Say(smooth, byBeta ? "smooth.by-beta" : "smooth.other",
                JoinList(smooth.Names.Zip(smooth.Scores, (n, v) => Texts.Format(ctx.TextOwner!, "smooth.item", n, PyFormat.General(v, 3))), clauses: true));
        }

        // The start: S_0 = 0 pulls S_1 = (1−β)·Y_1 toward 0; S_1/(1−β) is Y_1 again.
        foreach (var a in averages)
        {
            var start = Claim.Compare("S_1", a.Ewma[0], "Y_1", y[0]).Quoting(("β", a.Beta), ("corrected S_1", a.Corrected[0]));
            string key = start.Relation switch { "<" => "start.below", ">" => "start.above", _ => "start.equal" };
            ctx.Say(start, key, PyFormat.Repr(a.Beta), G(a.Ewma[0]), G(y[0]), G(a.Corrected[0]));
        }
        var corrected = Claim.Identity("S_1/(1 − β)", averages.Select(a => a.Corrected[0]).ToList(), "Y_1", averages.Select(_ => y[0]).ToList(), 1e-9 * Math.Max(1, Math.Abs(y[0])));
        ctx.Say(corrected.Quoting(("Y_1", y[0])), corrected.MaxAbsDiff <= corrected.Tolerance ? "corrected" : "corrected.off", G(y[0]));
    }

    private static string G(double v) => PyFormat.General(v, 4);

    /// <summary>A number of days: whole from 100 on (1000, not 1e+03), else 3 significant digits.</summary>
    private static string DayCount(double v) => v >= 100 ? Math.Round(v).ToString(System.Globalization.CultureInfo.InvariantCulture) : PyFormat.General(v, 3);
}
