using System.Text.Json;
using TorchSharp;

namespace Chapter4.Exercises.Checker;

/// <summary>How a case ended.</summary>
public enum Verdict { Passed, Failed, NotWritten }

/// <summary>
/// One checked case: its name, how it ended, when it did not pass one line saying why, and the largest
/// |yours − PyTorch| as a multiple of the allowed difference (≤ 1 passes; +∞ for NaN or a wrong infinity;
/// null when no number was compared, e.g. the function threw).
/// </summary>
public sealed record CaseOutcome(string Name, Verdict Verdict, string? Detail = null, double? WorstRatio = null);

/// <summary>Which of the seeded cases to run: a few drawn at random (the default), or all of them (tests).</summary>
public sealed record SeededDraw(int Count, Random? Random = null)
{
    /// <summary>Two of the table's seeds, drawn anew at every check, so a hard-coded answer fails.</summary>
    public static SeededDraw Default => new(2);

    public static SeededDraw All => new(int.MaxValue);

    public IReadOnlyList<JsonElement> From(IReadOnlyList<JsonElement> seeded)
    {
        if (Count >= seeded.Count) return seeded;
        var random = Random ?? Random.Shared;
        return [.. Enumerable.Range(0, seeded.Count).OrderBy(_ => random.Next()).Take(Count).Order().Select(i => seeded[i])];
    }
}

/// <summary>An exercise: its entry in exercises.json and a check of the learner's function against PyTorch's cases.</summary>
public abstract class Exercise(string id)
{
    public ExerciseInfo Info { get; } = ExerciseList.All.FirstOrDefault(e => e.Id == id)
        ?? throw new InvalidOperationException($"exercises/exercises.json does not list {id}");

    /// <summary>Checks the learner's function (the one compiled into this program).</summary>
    public abstract IReadOnlyList<CaseOutcome> Check(SeededDraw draw);
}

/// <summary>
/// An exercise whose function has the type <typeparamref name="TFunction"/>. <see cref="CheckWith"/> checks any
/// function of that type, so tests can check solutions and deliberately wrong ones in-process.
/// </summary>
public sealed class Exercise<TFunction>(string id, TFunction learner, Action<TFunction, JsonElement, CaseRun> checkCase) : Exercise(id)
    where TFunction : Delegate
{
    public override IReadOnlyList<CaseOutcome> Check(SeededDraw draw) => CheckWith(learner, draw);

    /// <summary>
    /// Every case in order (the course's first, then other knobs, then the drawn seeds); stops at the first
    /// case where the function is not written yet (it throws NotImplementedException).
    /// </summary>
    public IReadOnlyList<CaseOutcome> CheckWith(TFunction function, SeededDraw draw)
    {
        var (cases, seeded) = ExerciseList.CasesOf(Info.Id);
        var outcomes = new List<CaseOutcome>();
        foreach (var testCase in cases.Concat(draw.From(seeded)))
        {
            string name = testCase.GetProperty("name").GetString() ?? "?";
            var outcome = CheckOne(function, testCase, name);
            outcomes.Add(outcome);
            if (outcome.Verdict == Verdict.NotWritten) break;
        }
        return outcomes;
    }

    private CaseOutcome CheckOne(TFunction function, JsonElement testCase, string name)
    {
        using var scope = torch.NewDisposeScope();
        var run = new CaseRun();
        try
        {
            checkCase(function, testCase, run);
            return new(name, Verdict.Passed, null, run.WorstRatio);
        }
        catch (CaseFailed failed)
        {
            return new(name, Verdict.Failed, failed.Message, failed.Ratio);
        }
        catch (NotImplementedException)
        {
            return new(name, Verdict.NotWritten, $"{Info.Function} in {Info.File} still throws NotImplementedException");
        }
        catch (Exception e)
        {
            // The learner's code threw: its type and the first line of its message, never a stack trace.
            string message = e.Message.Split('\n')[0].Trim();
            if (message.Length > 200) message = message[..200] + "…";
            return new(name, Verdict.Failed, $"{(run.Call.Length == 0 ? "" : run.Call + ": ")}your function threw {e.GetType().Name}: {message}");
        }
    }
}
