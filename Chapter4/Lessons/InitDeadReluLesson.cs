using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Models;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 构建神经网络模型: the course's ModelDemo built with many seeds (--seed S: seeds S … S + N − 1). For each
/// init, how often a linear2 ReLU unit is off for these 5 inputs (its ReLU gives 0 for all five of the lesson's
/// inputs), how often one is dead for every input (b + Σ max(w_i, 0) ≤ 0: its inputs are sigmoid outputs in [0, 1],
/// so it can never fire), and how often every output row is the same: the course's Xavier/Kaiming with zero bias,
/// nn.Linear's default, and the course's init with a small positive linear2 bias.
/// </summary>
public sealed class InitDeadReluLesson : Lesson
{
    public override string Id => "init-dead-relu";
    public override CourseSection Section => CourseOutline.BuildModel;
    public override int OrderInSection => 1;
    public override string Description => "ModelDemo over 1,000 seeds: how often a linear2 ReLU unit is off for the 5 inputs or dead for every input, under the course's init, PyTorch's default and a positive bias";
    public override IReadOnlyList<LessonPlot> Plots => [new("init-dead-relu.png", Texts.Get(GetType(), "caption"))];

    [Knob("seeds", "how many seeds (--seed S … S + N − 1) to build ModelDemo with", Min = 10, Max = 20_000)]
    public int Seeds { get; set; } = 1000;

    [Knob("bias", "the positive linear2 bias of the third init", Above = 0, Max = 10)]
    public double Bias { get; set; } = 0.1;


    public override void Run(LessonContext ctx)
    {
        var inits = new (string Name, ModelDemoInit Init, double? Fill)[]
        {
            ("course: xavier/kaiming, zero bias", ModelDemoInit.Course, null),
            ("pytorch default (nn.Linear)", ModelDemoInit.PyTorchDefault, null),
            ($"course, linear2 bias {PyFormat.Repr(Bias)}", ModelDemoInit.Course, Bias),
        };
        // The seeds start at --seed (0 by default): ulong arithmetic never overflows (--seed ≤ 2^63 − 1, N ≤ 20,000);
        // torch.manual_seed takes the same 64 bits PyTorch's manual_seed(S + i) would.
        ulong first = (ulong)ctx.Seed, last = first + (ulong)Seeds - 1;
        var results = new List<(string Name, double Off, double Dead, double Identical)>();
        ctx.Print($"seeds {first} … {last}");
        ctx.Print($"{"init",-36} {"off for 5 inputs",17} {"dead for every input",21} {"identical rows",15}");
        using var progress = ctx.Progress($"{Seeds} seeds × {inits.Length} inits", inits.Length, "inits");
        foreach (var (name, init, fill) in inits)
        {
            int off = 0, dead = 0, identical = 0;
            for (int i = 0; i < Seeds; i++)
            {
                using var scope = torch.NewDisposeScope();
                torch.manual_seed(unchecked((long)(first + (ulong)i)));
                using var model = new ModelDemo(init);
                if (fill is { } b) model.FillLinear2Bias(b);
                var x = torch.randn(5, 3);
                using (torch.no_grad())
                {
                    // A column of zeros: that unit gives 0 for all five inputs.
                    if ((model.Linear2Activations(x) == 0).all(0).any().item<bool>()) off++;
                    if (model.Linear2Reach().Any(r => r <= 0)) dead++;
                    var output = model.call(x);
                    if (output.allclose(output[0].expand_as(output))) identical++;
                }
            }
            double offFraction = (double)off / Seeds, deadFraction = (double)dead / Seeds, identicalFraction = (double)identical / Seeds;
            ctx.Print($"{name,-36} {PyFormat.Fixed(offFraction, 4),17} {PyFormat.Fixed(deadFraction, 4),21} {PyFormat.Fixed(identicalFraction, 4),15}");
            results.Add((name, offFraction, deadFraction, identicalFraction));
            progress.Report(results.Count, name);
        }

        ctx.Result("seeds", Seeds);
        ctx.Result("first_seed", (double)first);
        ctx.Result("inits", results.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["off_unit_fraction"] = r.Off,
            ["dead_unit_fraction"] = r.Dead,
            ["identical_rows_fraction"] = r.Identical,
        }));

        Plot(ctx, results);
        TakeAways(ctx, results);
    }

    private void Plot(LessonContext ctx, List<(string Name, double Off, double Dead, double Identical)> results)
    {
        var plot = Figures.Create(T("plot.title", Seeds), T("plot.x"), T("plot.y"));
        string[] labels = [T("plot.course"), T("plot.default"), T("plot.bias", PyFormat.Repr(Bias))];
        var series = new (Func<(string, double Off, double Dead, double Identical), double> Value, string Colour, string Legend)[]
        {
            (r => r.Off, "off for 5 inputs", T("plot.off")),
            (r => r.Dead, "dead for every input", T("plot.dead")),
            (r => r.Identical, "identical rows", T("plot.identical")),
        };
        for (int s = 0; s < series.Length; s++)
        {
            var (value, colour, legend) = series[s];
            var bars = plot.Add.Bars(results.Select((r, i) => new ScottPlot.Bar { Position = 4 * i + s, Value = value(r), FillColor = SeriesColors.Of(colour) }).ToArray());
            bars.LegendText = legend;
        }
        plot.Axes.Bottom.SetTicks(results.Select((_, i) => 4.0 * i + 1).ToArray(), labels);
        plot.Axes.SetLimits(-1, 4 * results.Count - 1, 0, 1);
        ctx.Save(plot, "init-dead-relu.png");
    }

    private void TakeAways(LessonContext ctx, List<(string Name, double Off, double Dead, double Identical)> results)
    {
        static string P(double fraction) => PyFormat.Fixed(100 * fraction, 1);
        static double Q(double fraction) => Math.Round(100 * fraction, 1);
        ctx.Note("");
        ctx.Fact("definitions");
        var course = results[0];
        // Dead for every input implies off for any 5 inputs: the dead fraction can only be the smaller.
        ctx.Say(Claim.Compare("dead for every input", course.Dead, "off for these 5 inputs", course.Off)
                .Quoting(("dead %", Q(course.Dead)), ("off %", Q(course.Off)), ("identical rows %", Q(course.Identical))),
            "course", P(course.Off), P(course.Dead), P(course.Identical));
        foreach (var (key, pick) in new (string, Func<(string, double Off, double Dead, double), double>)[] { ("rank-off", r => r.Off), ("rank-dead", r => r.Dead) })
        {
            var rank = Claim.Rank(results.Select(r => (r.Name, pick(r))));
            // The third init is named by its bias ("linear2 bias 0.1"): that number is quoted too.
            ctx.Say(rank.Quoting(("lowest %", Q(rank.Scores[0])), ("highest %", Q(rank.Scores[^1])), ("bias", Bias)),
                key, rank.Names[0], P(rank.Scores[0]), rank.Names[^1], P(rank.Scores[^1]));
        }
        var biased = results[2];
        // With a positive bias b + Σ max(w_i, 0) ≥ b > 0: no unit can be dead for every input.
        ctx.Say(Claim.Threshold("dead for every input, positive bias", biased.Dead, 0).Quoting(("bias", Bias), ("dead %", Q(biased.Dead))),
            "bias-dead", PyFormat.Repr(Bias), P(biased.Dead));
        var lower = Claim.Compare("off for these 5 inputs, positive bias", biased.Off, "off for these 5 inputs, course", course.Off)
            .Quoting(("bias", Bias), ("bias off %", Q(biased.Off)), ("course off %", Q(course.Off)));
        ctx.Say(lower, lower.Relation switch { "<" => "bias-off-lower", ">" => "bias-off-higher", _ => "bias-off-same" },
            PyFormat.Repr(Bias), P(course.Off), P(biased.Off));
    }
}
