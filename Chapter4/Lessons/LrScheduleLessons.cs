using Chapter4.Course;
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

    /// <summary>Knob values that are valid but do nothing in this run (a milestone past the last epoch).</summary>
    protected virtual IEnumerable<string> Warnings => [];

    public override void Validate()
    {
        long iterations = (long)Epochs * Iterations;
        if (iterations > MaxIterations)
            throw new LessonInputException($"--epochs {Epochs} × --iterations {Iterations} = {iterations} iterations; at most {MaxIterations} keep this lesson within about a minute");
        // gamma > 1 grows the rate: it must stay a float32 number for the whole run.
        int decays = DecaysWithin(Epochs);
        double peak = Lr * Math.Pow(Math.Max(1, Gamma), decays);
        if (peak > float.MaxValue)
            throw new LessonInputException($"--lr {PyFormat.Repr(Lr)} with --gamma {PyFormat.Repr(Gamma)} reaches a learning rate of {PyFormat.Repr(peak)} after {decays} decays, beyond float32's range (3.4028235e38)");
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
        string? diverged = null;
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
                if (!float.IsFinite(value)) diverged = NonFinite.Message("w", value, $"epoch {i + 1}, iteration {batch + 1}", lr_list[^1][0]);
            }
            // step 9 - the next epoch's learning rate
            scheduler.step();
        }
        ctx.Print("lr_list->", lr_list);

        double[] lrs = lr_list.Select(l => l[0]).ToArray();
        ctx.Result("lrs", lrs);
        ctx.Result("final_w", w.detach().item<float>());

        var plot = Figures.Create(Legend, "Epoch", "Learning rate");
        double[] epochs = epoch_list.Select(e => (double)e).ToArray();
        plot.Line(epochs, lrs, Legend);
        ctx.Save(plot, Plot.File);
        if (LogPlot is not null && lrs.All(l => l > 0))
        {
            // On a linear axis the late rates all look like 0; on a log axis each decay is the same step down.
            var logPlot = Figures.Create(Legend + ", log scale", "Epoch", "Learning rate (log scale)");
            logPlot.UseLogY();
            logPlot.LineLogY(epochs, lrs, Legend);
            ctx.Save(logPlot, LogPlot.File);
        }
        if (diverged is not null) throw new LessonRunException(diverged);
        ctx.Note("");
        foreach (string warning in Warnings) ctx.Note("Warning: " + warning);
        // How much of the run learns almost nothing: computed from the rates, for any knob.
        int tiny = Array.FindIndex(lrs, l => l < 1e-4);
        if (tiny >= 0)
            ctx.Note($"The rate is below 1e-4 from epoch {tiny} on ({PyFormat.General(100.0 * (lrs.Length - tiny) / lrs.Length, 3)}% of the run), " +
                     $"where each update is at least {PyFormat.General(Lr / 1e-4, 3)} times smaller than at the start; it ends at {PyFormat.Repr(lrs[^1])}.");
        ctx.Note("Notes: call optimizer.step() before scheduler.step(); get_last_lr() returns one rate per parameter group " +
                 $"(a list, hence [[{PyFormat.Repr(lrs[0])}], ...]) as set by the last scheduler.step() — the rate this epoch trains with.");
    }
}

/// <summary>等间隔学习率衰减: StepLR.</summary>
public sealed class StepLrLesson : LrScheduleLesson
{
    public override string Id => "lr-step";
    public override string? Snippet => "4.2-step-lr";
    public override CourseSection Section => CourseOutline.StepLr;
    public override string Description => "StepLR(step_size=50, gamma=0.5): lr halves every 50 epochs";
    protected override LessonPlot Plot => new("lr-step.png", "The learning rate halves every 50 epochs: 0.1, 0.05, 0.025, 0.0125.");

    [Knob("step-size", "epochs between decays", Min = 1, Max = 10_000)]
    public int StepSize { get; set; } = 50;

    protected override int DecaysWithin(int epochs) => (epochs - 1) / StepSize;
    protected override LRScheduler CreateScheduler(optim.Optimizer optimizer) => StepLR(optimizer, step_size: StepSize, gamma: Gamma);
    protected override string Legend => $"StepLR(step_size={StepSize}, gamma={PyFormat.Repr(Gamma)})";
}

/// <summary>指定间隔学习率衰减: MultiStepLR.</summary>
public sealed class MultiStepLrLesson : LrScheduleLesson
{
    public override string Id => "lr-multistep";
    public override string? Snippet => "4.3-multistep-lr";
    public override CourseSection Section => CourseOutline.MultiStepLr;
    public override string Description => "MultiStepLR(milestones=[50, 100, 160], gamma=0.5): lr halves at chosen epochs";
    protected override LessonPlot Plot => new("lr-multistep.png", "The learning rate halves at epochs 50, 100 and 160: intervals of 50, 50, 60 and 40 epochs.");

    [Knob("milestones", "epochs at which lr decays, strictly increasing", Min = 1, Max = 10_000, MaxCount = 1_000)]
    public int[] Milestones { get; set; } = [50, 100, 160];

    public override void Validate()
    {
        if (Milestones.Length == 0) throw new LessonInputException("--milestones: give at least one epoch, e.g. 50,100,160");
        for (int i = 1; i < Milestones.Length; i++)
            if (Milestones[i] <= Milestones[i - 1])
                throw new LessonInputException($"--milestones {string.Join(",", Milestones)}: must be strictly increasing (no repeats)");
        base.Validate();
    }

    protected override int DecaysWithin(int epochs) => Milestones.Count(m => m < epochs);

    protected override IEnumerable<string> Warnings =>
        Milestones.Where(m => m >= Epochs).ToList() is { Count: > 0 } late
            ? [$"--milestones {string.Join(",", late)} {(late.Count == 1 ? "is" : "are")} not before --epochs {Epochs}: the rate never decays there."]
            : [];

    protected override LRScheduler CreateScheduler(optim.Optimizer optimizer) => MultiStepLR(optimizer, milestones: Milestones, gamma: Gamma);
    protected override string Legend => $"MultiStepLR(milestones=[{string.Join(", ", Milestones)}], gamma={PyFormat.Repr(Gamma)})";
}

/// <summary>按指数学习率衰减: ExponentialLR.</summary>
public sealed class ExponentialLrLesson : LrScheduleLesson
{
    public ExponentialLrLesson() => Gamma = 0.9;

    public override string Id => "lr-exponential";
    public override string? Snippet => "4.4-exponential-lr";
    public override CourseSection Section => CourseOutline.ExponentialLr;
    public override string Description => "ExponentialLR(gamma=0.9): lr = 0.1 · 0.9^epoch";
    protected override LessonPlot Plot => new("lr-exponential.png", "The learning rate shrinks by 10% every epoch: below 1e-4 from epoch 66, so two thirds of the run barely moves (linear axis: it looks like 0).");
    protected override LessonPlot? LogPlot => new("lr-exponential-log.png", "The same rates on a logarithmic axis: a straight line, one decade down every 22 epochs (0.9²² ≈ 0.1), from 0.1 to 7.8e-11 at epoch 199.");

    protected override int DecaysWithin(int epochs) => epochs - 1;

    // PyTorch requires gamma; TorchSharp defaults it to 0.1. Always pass it.
    protected override LRScheduler CreateScheduler(optim.Optimizer optimizer) => ExponentialLR(optimizer, gamma: Gamma);
    protected override string Legend => $"ExponentialLR(gamma={PyFormat.Repr(Gamma)})";
}
