using Chapter4.Claims;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Chapter4.Lessons;

/// <summary>
/// The course's three learning-rate scripts are one script with a different scheduler: SGD with
/// momentum on loss = (w·x − y_true)², the learning rate read with get_last_lr() at the start of
/// each epoch, scheduler.step() after the epoch's iterations. Subclasses name the scheduler.
/// </summary>
public abstract class LrScheduleLesson : Lesson
{
    [Knob("lr", "initial learning rate", Above = 0)]
    public double Lr { get; set; } = 0.1;

    [Knob("epochs", "training epochs", Min = 1, Max = 10_000)]
    public int Epochs { get; set; } = 200;

    [Knob("iterations", "iterations (batches) per epoch", Min = 1, Max = 10_000)]
    public int Iterations { get; set; } = 10;

    [Knob("gamma", "decay factor: lr_new = lr_old · gamma", Above = 0)]
    public double Gamma { get; set; } = 0.5;

    /// <summary>About 130 µs each here: 400,000 keep the lesson within a minute.</summary>
    public const long MaxIterations = 400_000;

    /// <summary>The PNG this lesson renders.</summary>
    protected abstract LessonPlot Plot { get; }

    /// <summary>How many times the scheduler multiplies the rate by gamma before the last epoch.</summary>
    protected abstract int DecaysWithin(int epochs);

    /// <summary>Says which knob values are valid but do nothing in this run (a milestone past the last epoch).</summary>
    protected virtual void Warn(LessonContext ctx) { }

    /// <summary>Whether the plot draws the rates as stairs (a rate held for a whole epoch, then a drop) rather than a line.</summary>
    protected virtual bool Stairs => true;

    /// <summary>A sentence or label from this lesson's .resx (the three schedule lessons share LrScheduleLesson.resx).</summary>

    public override void Validate()
    {
        long iterations = (long)Epochs * Iterations;
        if (iterations > MaxIterations)
            throw new LessonInputException(T("refuse.iterations", Epochs, Iterations, iterations, MaxIterations));
        // gamma > 1 grows the rate: it must stay a float32 number for the whole run.
        int decays = DecaysWithin(Epochs);
        double peak = Lr * Math.Pow(Math.Max(1, Gamma), decays);
        if (peak > float.MaxValue)
            throw new LessonInputException(T("refuse.float32", PyFormat.Repr(Lr), PyFormat.Repr(Gamma), PyFormat.Repr(peak), decays));
    }

    public override IReadOnlyList<LessonPlot> Plots => LogPlot is null ? [Plot] : [Plot, LogPlot];

    /// <summary>A second plot of the same rates on a logarithmic axis, for a schedule whose rates span decades.</summary>
    protected virtual LessonPlot? LogPlot => null;

    /// <summary>The scheduler, as the course creates it.</summary>
    protected abstract LRScheduler CreateScheduler(optim.Optimizer optimizer);

    /// <summary>The scheduler and its settings, for the plot's legend (the course's legend is empty).</summary>
    protected abstract string Legend { get; }

    public override void Run(LessonContext ctx)
    {
        // step 1 - parameters: lr, epoch, iteration
        double lr = Lr;
        int epoch = Epochs;
        int iteration = Iterations;
        // step 2 - the data set: y_true, x, w
        var y_true = torch.tensor(new long[] { 0 });
        var x = torch.tensor(new float[] { 1.0f });
        var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
        // step 3 - optimizer: SGD with momentum
        var optimizer = torch.optim.SGD([w], lr, momentum: 0.9);
        // step 4 - the learning-rate scheduler
        var scheduler = CreateScheduler(optimizer);
        // step 5 - two lists: the epochs, and the lr of each epoch
        var lr_list = new List<double[]>();
        var epoch_list = new List<int>();
        Phrase? diverged = null;
        // step 6 - train
        for (int i = 0; i < epoch && diverged is null; i++)
        {
            // step 7 - record this epoch's lr
            lr_list.Add(scheduler.get_last_lr().ToArray());
            epoch_list.Add(i);
            // step 8 - the batches
            for (int batch = 0; batch < iteration && diverged is null; batch++)
            {
                using var step = torch.NewDisposeScope();
                // prediction w·x, loss (w·x − y_true)²
                var y_pred = w * x;
                var loss = (y_pred - y_true).pow(2);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                float value = w.detach().item<float>();
                // A rate that --gamma > 1 has grown past --lr is --gamma's doing: that is the knob to turn down.
                if (!float.IsFinite(value))
                    diverged = NonFinite.Message("w", value, NonFinite.AtEpochIteration(i + 1, batch + 1), lr_list[^1][0], lr_list[^1][0] > Lr ? "--gamma" : "--lr");
            }
            // step 9 - the next epoch's learning rate
            scheduler.step();
        }
        ctx.Print("lr_list->", lr_list);

        double[] lrs = lr_list.Select(l => l[0]).ToArray();
        ctx.Result("lrs", lrs);
        ctx.Result("final_w", w.detach().item<float>());

        var plot = Figures.Create(Legend, T("plot.x"), T("plot.y"));
        double[] epochs = epoch_list.Select(e => (double)e).ToArray();
        // The rate is set once per epoch and held for all its iterations: a drop is a vertical step, not a slope.
        if (Stairs) plot.StepLine(epochs, lrs, Legend);
        else plot.Line(epochs, lrs, Legend);
        ctx.Save(plot, Plot.File);
        if (LogPlot is not null && lrs.All(l => l > 0))
        {
            // On a linear axis the late rates all look like 0; on a log axis each decay is the same step down.
            var logPlot = Figures.Create(T("plot.title-log", Legend), T("plot.x"), T("plot.y-log"));
            logPlot.UseLogY();
            logPlot.LineLogY(epochs, lrs, Legend);
            ctx.Save(logPlot, LogPlot.File);
        }
        if (diverged is not null) throw new LessonRunException(diverged.ToString());
        ctx.Note("");
        Warn(ctx);
        TakeAways(ctx, lrs);
    }

    /// <summary>What the run's rates do, computed from them for any knobs.</summary>
    private void TakeAways(LessonContext ctx, double[] lrs)
    {
        int changes = Enumerable.Range(1, lrs.Length - 1).Count(i => lrs[i] != lrs[i - 1]);
        var trend = Claim.Trend("lr", lrs).Quoting(("changes", changes), ("gamma", Gamma), ("epochs", lrs.Length), ("last epoch", lrs.Length - 1));
        string first = PyFormat.General(lrs[0], 4), last = PyFormat.General(lrs[^1], 4), count = I(changes), lastEpoch = I(lrs.Length - 1), epochs = I(lrs.Length);
        string key = trend.Direction switch
        {
            TrendDirection.Decreasing => "lr.decreasing",
            TrendDirection.Increasing => "lr.increasing",
            TrendDirection.Constant => Gamma == 1 ? "lr.constant-gamma-one" : "lr.constant-no-decay",
            _ => "lr.mixed",
        };
        ctx.Say(trend, key, count, first, last, lastEpoch, PyFormat.Repr(Gamma), epochs);

        // How much of the run learns almost nothing: from the first epoch after which every rate is below 1e-4.
        int from = Array.FindLastIndex(lrs, l => l >= 1e-4) + 1;
        if (from < lrs.Length)
        {
            double share = 100.0 * (lrs.Length - from) / lrs.Length;
            var tiny = Claim.Threshold($"lr from epoch {from} on (largest)", lrs[from..].Max(), 1e-4)
                .Quoting(("epoch", from), ("share of the run %", share), ("first lr / 1e-4", lrs[0] / 1e-4), ("last lr", lrs[^1]), ("first lr", lrs[0]), ("epochs", lrs.Length));
            if (from == 0) ctx.Say(tiny, "tiny.all", first, last, epochs);
            else ctx.Say(tiny, "tiny", I(from), PyFormat.General(share, 3), Times(lrs[0] / 1e-4), last);
        }
        ctx.Fact("notes", [("lr", lrs[0])], PyFormat.Repr(lrs[0]));
    }

    /// <summary>A factor: whole from 100 to a million (1000, not 1e+03), else 3 significant digits.</summary>
    private static string Times(double v) => v >= 100 && v < 1e6 ? Math.Round(v).ToString(System.Globalization.CultureInfo.InvariantCulture) : PyFormat.General(v, 3);

    protected static string I(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
