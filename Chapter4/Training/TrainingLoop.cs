using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Training;

/// <summary>Where training stopped because the loss stopped being a number (Epoch and Step count from 0; the message from 1).</summary>
public sealed record Divergence(int Epoch, int Step, double LearningRate, double Loss)
{
    public string Message =>
        $"training diverged: the loss became {PyFormat.Repr(Loss)} at epoch {Epoch + 1}, step {Step + 1} (learning rate {PyFormat.Repr(LearningRate)}); try a smaller --lr";
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
    /// naming every run that diverged, so the rest of the lesson's work is kept.
    /// </summary>
    public static void ThrowIfAnyDiverged(IEnumerable<(string Name, TrainingRun Run)> runs)
    {
        var diverged = runs.Where(r => r.Run.Diverged is not null).ToList();
        if (diverged.Count > 0)
            throw new LessonRunException(string.Join("; ", diverged.Select(r => $"{r.Name}: {r.Run.Diverged!.Message}")));
    }
}
