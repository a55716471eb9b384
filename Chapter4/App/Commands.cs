using System.CommandLine;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>Builds the command tree: the library parses, these actions run.</summary>
public static class Commands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Chapter4 — the chapter 4 PyTorch snippets as C# lessons on TorchSharp.\n" +
            $"  {Cli.Usage} list                 every lesson, in course order\n" +
            $"  {Cli.Usage} <lesson> [options]   run one lesson ('<lesson> --help' shows its knobs, '<lesson> --source' its code)\n" +
            $"  {Cli.Usage} all [options]        every lesson; plots land in plots/\n" +
            $"  {Cli.Usage} book [--out DIR]     the chapter as HTML pages in book/ (open book/index.html)\n" +
            "Options of a lesson and of 'all': --seed N, --json, --plots-dir DIR, --no-plots, --device auto|cpu|cuda, --compare.\n" +
            "Exit codes: 0 ok, 1 a lesson failed while running, 2 bad input (one line on stderr; nothing on stdout).");
        var common = new CommonOptions();

        var list = new Command("list", "every heading of the course in order, with the lessons that cover it and their source files");
        var listJson = new Option<bool>("--json") { Description = "print the lessons as a JSON array" };
        list.Options.Add(listJson);
        list.SetAction(p =>
        {
            stdout.Write(p.GetValue(listJson) ? LessonList.Json() : LessonList.Text());
            return 0;
        });
        root.Subcommands.Add(list);

        var all = new Command("all", "every lesson in course order; plots land in plots/");
        foreach (Option o in common.All) all.Options.Add(o);
        all.Options.Add(common.Only);
        all.SetAction(p => ConsoleRuns.Run(common.Lessons(p), p, common, stdout, stderr, asArray: true));
        root.Subcommands.Add(all);

        root.Subcommands.Add(BookCommand.Build(common, stdout, stderr));
        root.Subcommands.Add(BenchCommand.Build(stdout));
        root.Subcommands.Add(ErrataCommand.Build(stdout));

        foreach (Lesson lesson in LessonRegistry.All())
            root.Subcommands.Add(LessonCommand.Build(lesson.Id, common, stdout, stderr));

        var help = new Command("help", "the help of the app, or of one command: help model");
        var topic = new Argument<string?>("command") { Description = "a lesson or command", Arity = ArgumentArity.ZeroOrOne };
        help.Arguments.Add(topic);
        help.SetAction(p =>
        {
            string? name = p.GetValue(topic);
            if (name is not null && root.Subcommands.All(c => c.Name != name))
                throw new LessonInputException($"help: unknown lesson or command '{name}'; valid: {string.Join(", ", root.Subcommands.Select(c => c.Name))}");
            return root.Parse(name is null ? ["--help"] : [name, "--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        });
        root.Subcommands.Add(help);

        // No command: the app's help, as before.
        root.SetAction(p => root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr }));
        return root;
    }
}
