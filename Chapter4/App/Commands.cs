using System.CommandLine;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>Builds the command tree in the UI language (its help is written now): the library parses, these actions run.</summary>
public static class Commands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(CliTexts.Format("root.description", Cli.Usage));
        var common = new CommonOptions();
        // Every command takes --lang (the library accepts it anywhere below the root; Cli.Run has already read it).
        root.Options.Add(common.Lang);
        foreach (Option o in root.Options)
            if (o is System.CommandLine.Help.HelpOption) o.Description = CliTexts.Get("option.help");

        var list = new Command("list", CliTexts.Get("list.description"));
        var listJson = new Option<bool>("--json") { Description = CliTexts.Get("list.json") };
        list.Options.Add(listJson);
        list.SetAction(p =>
        {
            stdout.Write(p.GetValue(listJson) ? LessonList.Json() : LessonList.Text());
            return 0;
        });
        root.Subcommands.Add(list);

        var all = new Command("all", CliTexts.Get("all.description"));
        foreach (Option o in common.All) all.Options.Add(o);
        all.Options.Add(common.Only);
        all.SetAction(p => ConsoleRuns.Run(common.Lessons(p), p, common, stdout, stderr, asArray: true));
        root.Subcommands.Add(all);

        root.Subcommands.Add(BookCommand.Build(common, stdout, stderr));
        root.Subcommands.Add(BenchCommand.Build(stdout));
        root.Subcommands.Add(ErrataCommand.Build(stdout));

        foreach (Lesson lesson in LessonRegistry.All())
            root.Subcommands.Add(LessonCommand.Build(lesson.Id, common, stdout, stderr));

        var help = new Command("help", CliTexts.Get("help.description"));
        var topic = new Argument<string?>("command") { Description = CliTexts.Get("help.argument"), Arity = ArgumentArity.ZeroOrOne };
        help.Arguments.Add(topic);
        help.SetAction(p =>
        {
            string? name = p.GetValue(topic);
            if (name is not null && root.Subcommands.All(c => c.Name != name))
                throw new LessonInputException(CliTexts.Format("help.unknown", Text.Echo(name), string.Join(", ", root.Subcommands.Select(c => c.Name))));
            return Cli.Invoke(root.Parse(name is null ? ["--help"] : [name, "--help"]), stdout, stderr);
        });
        root.Subcommands.Add(help);

        // No command: the app's help, as before.
        root.SetAction(p => Cli.Invoke(root.Parse(["--help"]), stdout, stderr));
        return root;
    }
}
