using System.Text.Json;
using Chapter4.Harness;

namespace Chapter4.Exercises.Checker;

/// <summary>
/// The command line, as rustlings and Exercism have it: no argument checks every exercise and lists each
/// as done / not yet; an id checks that one, a line per case; --hint shows its next hint. Exit 0 when
/// everything checked passes, 1 when not, 2 for bad input (one line on stderr).
/// </summary>
public static class Cli
{
    public const string Command = "dotnet run --project exercises";

    /// <param name="stateDirectory">Where --hint remembers the last hint shown per exercise.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string stateDirectory, SeededDraw? draw = null)
    {
        draw ??= SeededDraw.Default;
        string? id = null;
        bool hint = false;
        foreach (string arg in args)
        {
            if (arg is "--help" or "-h")
            {
                stdout.Write(Usage);
                return 0;
            }
            if (arg == "--hint" && hint) return Error(stderr, "--hint given twice; give each option once");
            if (arg == "--hint") hint = true;
            else if (arg.StartsWith('-')) return Error(stderr, $"unknown option '{Text.Echo(arg)}'; {Command} -- --help shows the usage");
            else if (id is null) id = arg;
            else return Error(stderr, $"one exercise at a time: '{Text.Echo(id)}' and '{Text.Echo(arg)}'; {Command} lists them all");
        }
        if (hint && id is null) return Error(stderr, $"--hint needs an exercise: {Command} -- <id> --hint");

        Exercise? exercise = null;
        if (id is not null)
        {
            exercise = Catalog.All.FirstOrDefault(e => e.Info.Id == id);
            if (exercise is null)
            {
                var near = Catalog.All.Where(e => e.Info.Id.StartsWith(id.Split('-')[0] + "-", StringComparison.Ordinal) || e.Info.Id.Contains(id, StringComparison.OrdinalIgnoreCase))
                    .Select(e => e.Info.Id).ToList();
                string suggestion = near.Count > 0 ? $"did you mean {string.Join(" or ", near)}?" : $"{Command} lists them all";
                return Error(stderr, $"unknown exercise '{Text.Echo(id)}'; {suggestion}");
            }
        }
        if (exercise is not null && hint) return ShowHint(exercise.Info, stdout, stderr, stateDirectory);
        return exercise is null ? CheckAll(stdout, draw) : CheckOne(exercise, stdout, draw);
    }

    private static string Usage =>
        $"""
        Chapter4 exercises: write one function per exercise, checked against PyTorch {ExerciseList.TorchVersion}'s values.

          {Command}                      check every exercise: done / not yet
          {Command} -- <id>              check one exercise, one line per case
          {Command} -- <id> --hint       its next hint (中文 / English)
          {Command} -p:Solutions=true    the same with the reference solutions (exercises/solutions/)

        Exit status: 0 all checked exercises pass, 1 some do not, 2 bad input.

        """;

    private static int CheckOne(Exercise exercise, TextWriter stdout, SeededDraw draw)
    {
        var info = exercise.Info;
        stdout.WriteLine($"{info.Id}  {info.TitleZh} · {info.TitleEn}  ({info.File})");
        var outcomes = exercise.Check(draw);
        var notWritten = outcomes.FirstOrDefault(o => o.Verdict == Verdict.NotWritten);
        if (notWritten is not null)
        {
            stdout.WriteLine($"not written yet: {notWritten.Detail}. Write it, then run this again; a hint: {Command} -- {info.Id} --hint");
            return 1;
        }
        foreach (var o in outcomes)
            stdout.WriteLine(o.Verdict == Verdict.Passed ? $"✔ {o.Name}" : $"✘ {o.Name} — {o.Detail}");
        int passed = outcomes.Count(o => o.Verdict == Verdict.Passed);
        if (passed == outcomes.Count)
        {
            stdout.WriteLine($"done: all {outcomes.Count} cases equal PyTorch's values. 完成！");
            return 0;
        }
        stdout.WriteLine($"not yet: {passed} of {outcomes.Count} cases pass. A hint: {Command} -- {info.Id} --hint");
        return 1;
    }

    private static int CheckAll(TextWriter stdout, SeededDraw draw)
    {
        var rows = new List<(ExerciseInfo Info, string State, bool Done)>();
        foreach (var exercise in Catalog.All)
        {
            var outcomes = exercise.Check(draw);
            int passed = outcomes.Count(o => o.Verdict == Verdict.Passed);
            bool done = passed == outcomes.Count;
            string state = done ? "done"
                : outcomes.Any(o => o.Verdict == Verdict.NotWritten) ? "not yet (not written)"
                : $"not yet ({outcomes.Count - passed} of {outcomes.Count} cases fail)";
            rows.Add((exercise.Info, state, done));
        }
        int width = rows.Max(r => r.Info.Id.Length);
        int stateWidth = rows.Max(r => r.State.Length);
        stdout.WriteLine($"Chapter4 exercises: {rows.Count(r => r.Done)} of {rows.Count} done");
        foreach (var (info, state, _) in rows)
            stdout.WriteLine($"  {(state == "done" ? "✔" : "·")} {info.Id.PadRight(width)}  {state.PadRight(stateWidth)}  {info.File}  {info.TitleZh}");
        var next = rows.FirstOrDefault(r => !r.Done);
        if (next.Info is null)
        {
            stdout.WriteLine("All done. 全部完成！");
            return 0;
        }
        stdout.WriteLine($"Next: open {next.Info.File}, then {Command} -- {next.Info.Id}");
        return 1;
    }

    private static int ShowHint(ExerciseInfo info, TextWriter stdout, TextWriter stderr, string stateDirectory)
    {
        string file = Path.Combine(stateDirectory, "hints.json");
        Dictionary<string, int> shown;
        try
        {
            shown = File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(file)) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            shown = []; // a damaged or unreadable record starts the hints over
        }
        int next = shown.TryGetValue(info.Id, out int last) && last >= 1 && last < info.Hints.Count ? last + 1 : 1;
        var h = info.Hints[next - 1];
        stdout.WriteLine($"{info.Id} hint {next} of {info.Hints.Count} / 提示 {next}/{info.Hints.Count}");
        stdout.WriteLine($"  {h.Zh}");
        stdout.WriteLine($"  {h.En}");
        if (next == info.Hints.Count)
            stdout.WriteLine($"That was the last hint; --hint starts over. The reference solution: {info.Solution}");
        shown[info.Id] = next;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            File.WriteAllText(file, JsonSerializer.Serialize(shown) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"warning: could not remember the hint in {file}: {e.Message}");
        }
        return 0;
    }

    private static int Error(TextWriter stderr, string message)
    {
        // One line whatever was typed: control characters escaped, as the app's messages (Chapter4/Harness/Text.cs).
        stderr.WriteLine("error: " + Text.Escape(message));
        return 2;
    }
}
