using System.CommandLine;
using System.Diagnostics;
using Chapter4.Book;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>`book [--out DIR] [--seed N] [--set LESSON:KNOB=VALUE]...`: the chapter as static HTML pages (see Chapter4/Book).</summary>
public static class BookCommand
{
    public static Command Build(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("book", CliTexts.Get("book.description"));
        var output = new Option<string?>("--out")
        {
            Description = CliTexts.Get("book.out"),
            HelpName = "DIR",
            CustomParser = r => r.Tokens.Count == 0 || r.Tokens[0].Value.Length == 0 || CommonOptions.LooksLikeOption(r.Tokens[0].Value)
                ? CommonOptions.Error<string?>(r, CliTexts.Get("book.out.empty")) : r.Tokens[0].Value,
        };
        var set = new Option<string[]>("--set")
        {
            Description = CliTexts.Get("book.set"),
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
                    throw new LessonInputException(CliTexts.Format("book.set.invalid", Text.Echo(setting)));
                string id = setting[..colon], name = setting[(colon + 1)..equals], value = setting[(equals + 1)..];
                Lesson lesson = lessons.FirstOrDefault(l => l.Id == id)
                    ?? throw new LessonInputException(CliTexts.Format("book.set.unknown-lesson", Text.Echo(id), string.Join(", ", lessons.Select(l => l.Id))));
                if (!given.Add((id, name))) throw new LessonInputException(CliTexts.Format("book.set.twice", Text.Echo(id), Text.Echo(name)));
                // "--set adam:lr=-1" is said as "adam: --lr -1 is out of range …": which of several --set it was.
                try { Knobs.Set(lesson, name, value); }
                catch (LessonInputException e) { throw new LessonInputException(RunTexts.Format("run.who", id, e.Message)); }
                knobs[id] = (knobs.TryGetValue(id, out string? before) ? before + " " : "") + $"--{name} {value}";
            }
            string folder = p.GetValue(output) ?? BookSite.DefaultFolder();
            var options = new RunOptions(p.GetValue(common.Seed), null, p.GetValue(common.Device));
            // The device and every lesson's knobs, alone and together, before anything is written or run.
            LessonRunner.PrepareAll(lessons, options);
            var clock = Stopwatch.StartNew();
            // Which lesson is running, only for a person at a terminal (scripts and tests get the summary line alone).
            BookResult book = BookSite.Build(folder, options, lessons, knobs, Cli.AtTerminal(stdout) ? id => stderr.WriteLine(CliTexts.Format("book.progress", id)) : null);
            // As in `all`: an error several lessons share is said once.
            foreach (var shared in book.Pages.Where(pg => pg.Outcome.Error is not null).GroupBy(pg => pg.Outcome.Error))
                Cli.Fail(stderr, CliTexts.Format(shared.Count() > 1 ? "book.failed.pages" : "book.failed.page", string.Join(", ", shared.Select(pg => pg.Lesson.Id)), shared.Key), 1);
            int plots = book.Pages.Sum(pg => pg.Outcome.Plots.Count);
            stdout.WriteLine(CliTexts.Format("book.summary", book.Pages.Count, plots, clock.Elapsed.TotalSeconds, Path.Combine(book.Folder, "index.html")));
            return book.ExitCode;
        });
        return command;
    }
}
