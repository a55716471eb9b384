using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 构建神经网络模型: the course's ModelDemo built with many seeds. For each init, how often a
/// linear2 ReLU unit is dead (outputs 0) for all five of the lesson's inputs, and how often every
/// output row is the same: the course's Xavier/Kaiming with zero bias, nn.Linear's default, and the
/// course's init with a small positive linear2 bias.
/// </summary>
public sealed class InitDeadReluLesson : Lesson
{
    public override string Id => "init-dead-relu";
    public override CourseSection Section => CourseOutline.BuildModel;
    public override int OrderInSection => 1;
    public override string Description => "ModelDemo over 1,000 seeds: how often a linear2 ReLU unit is dead for the inputs, under the course's init, PyTorch's default and a positive bias";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("init-dead-relu.png", "Per init, the fraction of 1,000 seeds with a linear2 unit dead for the lesson's 5 inputs (red) and with identical output rows (blue): a small positive bias helps, nn.Linear's default does not."),
        ];

    [Knob("seeds", "how many seeds (0 … N−1) to build ModelDemo with", Min = 10, Max = 20_000)]
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
        var results = new List<(string Name, double Dead, double Identical)>();
        ctx.Print($"{"init",-36} {"dead unit",10} {"identical rows",15}");
        using var progress = ctx.Progress($"{Seeds} seeds × {inits.Length} inits", inits.Length, "inits");
        foreach (var (name, init, fill) in inits)
        {
            int dead = 0, identical = 0;
            for (int seed = 0; seed < Seeds; seed++)
            {
                using var scope = torch.NewDisposeScope();
                torch.manual_seed(seed);
                using var model = new ModelDemo(init);
                if (fill is { } b) model.FillLinear2Bias(b);
                var x = torch.randn(5, 3);
                using (torch.no_grad())
                {
                    // A column of zeros: that unit gives 0 for all five inputs.
                    if ((model.Linear2Activations(x) == 0).all(0).any().item<bool>()) dead++;
                    var output = model.call(x);
                    if (output.allclose(output[0].expand_as(output))) identical++;
                }
            }
            double deadFraction = (double)dead / Seeds, identicalFraction = (double)identical / Seeds;
            ctx.Print($"{name,-36} {PyFormat.Fixed(deadFraction, 4),10} {PyFormat.Fixed(identicalFraction, 4),15}");
            results.Add((name, deadFraction, identicalFraction));
            progress.Report(results.Count, name);
        }

        ctx.Result("seeds", Seeds);
        ctx.Result("inits", results.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["dead_unit_fraction"] = r.Dead,
            ["identical_rows_fraction"] = r.Identical,
        }));

        var plot = Figures.Create($"ModelDemo over {Seeds} seeds: a linear2 ReLU unit dead for the 5 inputs", "init", "fraction of seeds");
        string[] labels = ["course", "PyTorch default", $"bias {PyFormat.Repr(Bias)}"];
        var deadBars = plot.Add.Bars(results.Select((r, i) => new ScottPlot.Bar { Position = 3 * i, Value = r.Dead, FillColor = ScottPlot.Color.FromHex("#d62728") }).ToArray());
        deadBars.LegendText = "a unit dead for all 5 inputs";
        var sameBars = plot.Add.Bars(results.Select((r, i) => new ScottPlot.Bar { Position = 3 * i + 1, Value = r.Identical, FillColor = ScottPlot.Color.FromHex("#1f77b4") }).ToArray());
        sameBars.LegendText = "all 5 output rows identical";
        plot.Axes.Bottom.SetTicks(results.Select((_, i) => 3.0 * i + 0.5).ToArray(), labels);
        plot.Axes.SetLimits(-1, 3 * results.Count - 1, 0, 1);
        ctx.Save(plot, "init-dead-relu.png");

        ctx.Note("");
        var course = results[0];
        var byDead = results.OrderBy(r => r.Dead).ToList();
        ctx.Note($"Under the course's init {PyFormat.Fixed(100 * course.Dead, 1)}% of seeds have a linear2 unit that gives 0 for all five inputs, and " +
                 $"{PyFormat.Fixed(100 * course.Identical, 1)}% give identical output rows (both units off: output = softmax(output.bias)).");
        ctx.Note($"Fewest dead units: {byDead[0].Name} ({PyFormat.Fixed(100 * byDead[0].Dead, 1)}%); most: {byDead[^1].Name} ({PyFormat.Fixed(100 * byDead[^1].Dead, 1)}%).");
        ctx.Note("The inputs of linear2 are sigmoid outputs, all positive: a unit whose weights are all ≤ 0 (and bias 0) is off for every input, " +
                 "and with weights of mixed sign it is often off for a handful of inputs. Kaiming init sets the weights' scale, not their sign.");
        ctx.Note(results[2].Dead < course.Dead
            ? $"A linear2 bias of {PyFormat.Repr(Bias)} lowers the dead-unit fraction from {PyFormat.Fixed(100 * course.Dead, 1)}% to {PyFormat.Fixed(100 * results[2].Dead, 1)}%."
            : $"A linear2 bias of {PyFormat.Repr(Bias)} does not lower the dead-unit fraction here ({PyFormat.Fixed(100 * results[2].Dead, 1)}% vs {PyFormat.Fixed(100 * course.Dead, 1)}%).");
    }
}
