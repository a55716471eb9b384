using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Chapter4.Training;

/// <summary>
/// A progress bar on stderr (Spectre.Console: bar, rate, time left), redrawn in place. Silent unless
/// the learner is at an interactive terminal: never under --json, in tests or when output is
/// redirected, so what the lesson prints is never mixed with it.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly ProgressTask? _task;
    private readonly TaskCompletionSource? _done;
    private readonly Task? _renderer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _label;
    private readonly string _unit;

    /// <param name="writer">The terminal's stderr, or null for no progress at all.</param>
    /// <param name="unit">What one count is ("epochs", "workloads"), for the rate.</param>
    public ProgressLine(TextWriter? writer, string label, int total, string unit)
    {
        _label = label;
        _unit = unit;
        if (writer is null) return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        var started = new TaskCompletionSource<ProgressTask>();
        _done = new TaskCompletionSource();
        var done = _done;
        // Spectre renders from inside Start(); the work goes on on this thread and only moves the task's value.
        _renderer = Task.Run(() => console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                started.SetResult(ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total)));
                await done.Task.ConfigureAwait(false);
            }));
        _task = started.Task.GetAwaiter().GetResult();
    }

    /// <summary>Moves the bar to <paramref name="done"/> of the total; <paramref name="detail"/> follows the label (e.g. the loss).</summary>
    public void Report(int done, string detail)
    {
        if (_task is null) return;
        double rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_label} {detail} ({rate:0.#} {_unit}/s)"));
        _task.Value = done;
    }

    public void Dispose()
    {
        if (_done is null) return;
        _done.TrySetResult();
        try
        {
            _renderer!.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // A terminal that went away while drawing: the lesson's own output is unaffected.
        }
    }
}
