using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Training;

/// <summary>Where training stopped because the loss stopped being a number (Epoch and Step count from 0; the message from 1).</summary>
public sealed record Divergence(int Epoch, int Step, double LearningRate, double Loss)
{
    /// <summary>"training diverged: the loss became inf at epoch 1, step 3 (learning rate 1000000.0); try a smaller --lr".</summary>
    public Phrase Message => new(typeof(NonFinite), "training-diverged", Detail);

    /// <summary>The same without "training diverged: ".</summary>
    public Phrase Detail => new(typeof(NonFinite), "loss-became", PyFormat.Repr(Loss), Epoch + 1, Step + 1, PyFormat.Repr(LearningRate));
}

/// <summary>Losses recorded by <see cref="TrainingLoop.Fit"/>.</summary>
public sealed class TrainingRun
{
    /// <summary>Mean loss of each completed epoch.</summary>
    public List<double> EpochLosses { get; } = [];

    /// <summary>Loss of every step (one mini-batch), in order.</summary>
    public List<double> StepLosses { get; } = [];

    /// <summary>Learning rate at the start of each epoch.</summary>
    public List<double> EpochLearningRates { get; } = [];

    public Divergence? Diverged { get; set; }
}

/// <summary>
/// The training loop every training lesson shares: epochs of shuffled mini-batches, one dispose
/// scope per step (so the live tensor count does not grow with the number of steps), per-epoch
/// records, a progress line on an interactive terminal, and divergence detection.
/// </summary>
public static class TrainingLoop
{
    /// <param name="afterEpoch">Called with (epoch, mean loss) after each epoch, e.g. to step a scheduler.</param>
    /// <param name="shuffle">Draw a new order each epoch with torch.randperm (the global generator).</param>
    /// <param name="afterStep">Called after each optimizer step, e.g. to step a per-batch scheduler (OneCycleLR).</param>
    public static TrainingRun Fit(
        LessonContext ctx,
        Func<Tensor, Tensor> model,
        Func<Tensor, Tensor, Tensor> criterion,
        TrainingOptimizer optimizer,
        Tensor inputs,
        Tensor targets,
        int epochs,
        int batchSize,
        bool shuffle = true,
        Action<int, double>? afterEpoch = null,
        Action? afterStep = null)
    {
        var run = new TrainingRun();
        long n = inputs.shape[0];
        int stepsPerEpoch = (int)((n + batchSize - 1) / batchSize);
        using var progress = ctx.Progress($"training {epochs} epochs × {stepsPerEpoch} steps", epochs, "epochs");
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double lr = optimizer.LearningRate;
            run.EpochLearningRates.Add(lr);
            // The order is drawn on the CPU generator (as PyTorch's CPU run draws it), then follows the data.
            using var drawn = shuffle ? torch.randperm(n) : torch.arange(n);
            using var order = drawn.to(inputs.device); // the same tensor on the CPU; disposing twice is harmless
            double sum = 0;
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                using var scope = torch.NewDisposeScope();
                var index = order.narrow(0, step * batchSize, Math.Min(batchSize, n - step * batchSize));
                var loss = criterion(model(inputs.index_select(0, index)), targets.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                try
                {
                    optimizer.step();
                }
                catch (Exception e) when (NonFinite.IsFloatOverflow(e))
                {
                    run.Diverged = new Divergence(epoch, step, lr, double.PositiveInfinity);
                    return run;
                }
                afterStep?.Invoke();
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    run.Diverged = new Divergence(epoch, step, lr, value);
                    return run;
                }
                run.StepLosses.Add(value);
                sum += value;
            }
            double mean = sum / stepsPerEpoch;
            run.EpochLosses.Add(mean);
            progress.Report(epoch + 1, $"loss {PyFormat.Fixed(mean, 4)}");
            afterEpoch?.Invoke(epoch, mean);
        }
        return run;
    }

    /// <summary>
    /// Call after the finished runs' results and plots are recorded: one <see cref="LessonRunException"/>
    /// naming the runs that diverged, so the rest of the lesson's work is kept. One run: its name and where it
    /// diverged; more: how many of how many, their names grouped (a name's seeds together), and the first one's detail
    /// once (<see cref="NonFinite.Several"/>), not one message per run.
    /// </summary>
    public static void ThrowIfAnyDiverged(IEnumerable<(Phrase Name, TrainingRun Run)> runs) =>
        ThrowIfAnyDiverged(runs.Select(r => (r.Name, (long?)null, r.Run)));

    /// <inheritdoc cref="ThrowIfAnyDiverged(IEnumerable{ValueTuple{Phrase, TrainingRun}})"/>
    public static void ThrowIfAnyDiverged(IEnumerable<(Phrase Name, long? Seed, TrainingRun Run)> runs)
    {
        var all = runs.ToList();
        var diverged = all.Where(r => r.Run.Diverged is not null).ToList();
        if (diverged.Count == 0) return;
        var (name, seed, run) = diverged[0];
        Phrase firstName = NonFinite.Named(name, seed);
        if (diverged.Count == 1)
            throw new LessonRunException(new Phrase(typeof(NonFinite), "named", firstName, run.Diverged!.Message).ToString());
        // Each name with the seeds it diverged on, in the order the runs came; then the names that diverged on the same
        // seeds together (usually all of them: "seeds 0–2: constant lr, StepLR, …").
        var byName = new List<(Phrase Name, List<long> Seeds)>();
        foreach (var r in diverged)
        {
            if (byName.Count == 0 || byName[^1].Name.English != r.Name.English) byName.Add((r.Name, []));
            if (r.Seed is { } s) byName[^1].Seeds.Add(s);
        }
        var buckets = new List<(List<long> Seeds, List<Phrase> Names)>();
        foreach (var (n, seeds) in byName)
        {
            if (buckets.FirstOrDefault(b => b.Seeds.SequenceEqual(seeds)) is { Names: not null } same) same.Names.Add(n);
            else buckets.Add((seeds, [n]));
        }
        throw new LessonRunException(NonFinite.Several(NonFinite.Runs.Training, diverged.Count, all.Count,
            buckets.Select(b => new NonFinite.Bucket(b.Names, b.Seeds)).ToList(), firstName, run.Diverged!.Detail));
    }
}
