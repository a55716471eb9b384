using System.CommandLine;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Parity;

namespace Chapter4.App;

/// <summary>One subcommand per lesson: its knobs (generated from the [Knob] properties), the common options and --source.</summary>
public static class LessonCommand
{
    public static Command Build(string id, CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        Lesson template = LessonRegistry.Find(id)!;
        var command = new Command(id, $"{Headings.Of(template.Section)} — {LessonTexts.Description(id, template.Description)}" +
            (template.Plots.Count == 0 ? "" : CliTexts.Format("lesson.plots", string.Join(", ", template.Plots.Select(p => p.File)))));
        var knobOptions = new List<(KnobInfo Knob, Option<string> Option)>();
        foreach (KnobInfo knob in Knobs.Of(template.GetType()))
        {
            var option = new Option<string>("--" + knob.Name)
            {
                Description = CliTexts.Format("lesson.knob", LessonTexts.KnobHelp(id, knob.Name, knob.Help), knob.DefaultText(template)),
                HelpName = knob.ValueHint,
            };
            // Type and range are checked while parsing, so a bad value never starts the lesson.
            option.Validators.Add(r =>
            {
                if (r.Tokens.Count == 0) return;
                string text = r.Tokens[0].Value;
                if (CommonOptions.LooksLikeOption(text)) r.AddError(CliTexts.Format("option.needs-value", "--" + knob.Name));
                else if (!Knobs.TryParse(knob, text, out _, out string? error)) r.AddError(error);
            });
            command.Options.Add(option);
            knobOptions.Add((knob, option));
        }
        foreach (Option o in common.All) command.Options.Add(o);
        var source = new Option<bool>("--source")
        {
            Description = template.Snippet is { } snippet
                ? CliTexts.Format("lesson.source.snippet", snippet)
                : CliTexts.Format("lesson.source.run", LessonSource.CSharpFile(template)),
        };
        var full = new Option<bool>("--full")
        {
            Description = CliTexts.Format("lesson.full", LessonSource.CSharpFile(template), LessonSource.PythonFile(template) ?? CliTexts.Get("lesson.full.no-twin")),
        };
        command.Options.Add(source);
        command.Options.Add(full);

        command.SetAction(parsed =>
        {
            Lesson lesson = LessonRegistry.Find(id)!;
            foreach (var (knob, option) in knobOptions)
                if (parsed.GetResult(option) is { Implicit: false }) Knobs.Set(lesson, knob.Name, parsed.GetValue(option)!);
            if (parsed.GetValue(full) && !parsed.GetValue(source)) throw new LessonInputException(CliTexts.Get("lesson.full.alone"));
            if (parsed.GetValue(source))
            {
                stdout.Write(parsed.GetValue(common.Json) ? ResultJson.Serialize(LessonSource.ToJson(lesson)) + "\n" : LessonSource.Text(lesson, parsed.GetValue(full)));
                return 0;
            }
            return ConsoleRuns.Run([lesson], parsed, common, stdout, stderr, asArray: false);
        });
        return command;
    }
}
