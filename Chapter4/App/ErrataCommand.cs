using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>`errata [--json]`: the course's mistakes, each with the lessons that print it, in the learner's language.</summary>
public static class ErrataCommand
{
    public static Command Build(TextWriter stdout)
    {
        var command = new Command("errata", CliTexts.Get("errata.description"));
        var json = new Option<bool>("--json")
        {
            Description = CliTexts.Get("errata.json"),
        };
        command.Options.Add(json);
        command.SetAction(p =>
        {
            stdout.Write(p.GetValue(json) ? Json() : Text());
            return 0;
        });
        return command;
    }

    /// <summary>The list in the current UI language (English or Chinese).</summary>
    public static string Text() => Text(UiLanguage.Current);

    public static string Text(CultureInfo culture)
    {
        string T(string key, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, Texts.Get(typeof(CourseErrata), key, culture), args);
        var sb = new StringBuilder();
        int n = 0;
        foreach (CourseErratum e in CourseErrata.All)
        {
            sb.AppendLine(T("list.item", (++n).ToString(CultureInfo.InvariantCulture).PadLeft(2), e.Section.Number, e.Section.Chinese, e.CourseIn(culture)));
            sb.AppendLine("    " + (e.Lessons.Length > 0 ? T("list.right", e.CorrectionIn(culture), string.Join(", ", e.Lessons)) : T("list.no-lesson", e.CorrectionIn(culture))));
        }
        return sb.ToString();
    }

    /// <summary>Every erratum in both languages: "course" and "correction" in English, "course_zh" and "correction_zh" in Chinese.</summary>
    public static string Json()
    {
        var array = new JsonArray();
        foreach (CourseErratum e in CourseErrata.All)
        {
            array.Add(new JsonObject
            {
                ["key"] = e.Key,
                ["section"] = e.Section.ToString(),
                ["course"] = e.CourseIn(UiLanguage.English),
                ["correction"] = e.CorrectionIn(UiLanguage.English),
                ["course_zh"] = e.CourseIn(UiLanguage.Chinese),
                ["correction_zh"] = e.CorrectionIn(UiLanguage.Chinese),
                ["lessons"] = new JsonArray(e.Lessons.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            });
        }
        return ResultJson.Serialize(array) + "\n";
    }
}
