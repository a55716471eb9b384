using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chapter4.Book;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>`book [--out DIR] [--seed N] [--set LESSON:KNOB=VALUE]...`: the chapter as static HTML pages (see Chapter4/Book).</summary>
public static class BookCommand
{
    public static Command Build(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("book",
            "runs every lesson once and writes a static site: book/index.html in course order and one page per lesson " +
            "(C# beside Python, output, plots, errata, take-aways, values beside PyTorch); opens from disk, offline");
        var output = new Option<string?>("--out")
        {
            Description = "the site's folder (default: book/ at the repository root); built beside it, then moved into place",
            HelpName = "DIR",
            CustomParser = r => r.Tokens.Count == 0 || r.Tokens[0].Value.Length == 0 || CommonOptions.LooksLikeOption(r.Tokens[0].Value)
                ? CommonOptions.Error<string?>(r, "--out needs a folder") : r.Tokens[0].Value,
        };
        var set = new Option<string[]>("--set")
        {
            Description = "a lesson's knob for this book, e.g. --set adam:lr=0.1 (repeatable; checked as the lesson checks it)",
            HelpName = "LESSON:KNOB=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        command.Options.Add(output);
        command.Options.Add(set);
        command.Options.Add(common.Seed);
        command.Options.Add(common.Device);
        command.Options.Add(common.Only);
        command.SetAction(p =>
        {
            var lessons = common.Lessons(p);
            var knobs = new Dictionary<string, string>();
            var given = new HashSet<(string, string)>();
            foreach (string setting in p.GetValue(set) ?? [])
            {
                int colon = setting.IndexOf(':'), equals = setting.IndexOf('=');
                if (colon <= 0 || equals < colon + 2)
                    throw new LessonInputException($"--set: '{Text.Echo(setting)}' is not valid; expected LESSON:KNOB=VALUE, e.g. adam:lr=0.1");
                string id = setting[..colon], name = setting[(colon + 1)..equals], value = setting[(equals + 1)..];
                Lesson lesson = lessons.FirstOrDefault(l => l.Id == id)
                    ?? throw new LessonInputException($"--set: unknown lesson '{Text.Echo(id)}'; valid: {string.Join(", ", lessons.Select(l => l.Id))}");
                if (!given.Add((id, name))) throw new LessonInputException($"--set {Text.Echo(id)}:{Text.Echo(name)} given twice; give each knob once");
                Knobs.Set(lesson, name, value);
                knobs[id] = (knobs.TryGetValue(id, out string? before) ? before + " " : "") + $"--{name} {value}";
            }
            string folder = p.GetValue(output) ?? BookSite.DefaultFolder();
            var options = new RunOptions(p.GetValue(common.Seed), null, p.GetValue(common.Device));
            // The device and every lesson's knobs, alone and together, before anything is written or run.
            LessonRunner.PrepareAll(lessons, options);
            var clock = Stopwatch.StartNew();
            // Which lesson is running, only for a person at a terminal (scripts and tests get the summary line alone).
            BookResult book = BookSite.Build(folder, options, lessons, knobs, Cli.AtTerminal(stdout) ? id => stderr.WriteLine($"book: {id} ...") : null);
            // As in `all`: an error several lessons share is said once.
            foreach (var shared in book.Pages.Where(pg => pg.Outcome.Error is not null).GroupBy(pg => pg.Outcome.Error))
                Cli.Fail(stderr, $"{string.Join(", ", shared.Select(pg => pg.Lesson.Id))}: {shared.Key} (the page{(shared.Count() > 1 ? "s say" : " says")} so)", 1);
            int plots = book.Pages.Sum(pg => pg.Outcome.Plots.Count);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"book: {book.Pages.Count} lesson pages, {plots} plots in {clock.Elapsed.TotalSeconds:F1} s; open {Path.Combine(book.Folder, "index.html")}"));
            return book.ExitCode;
        });
        return command;
    }
}
