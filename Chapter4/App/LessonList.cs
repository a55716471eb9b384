using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Parity;

namespace Chapter4.App;

/// <summary>`list` and `list --json`: every lesson in course order with its section, source file and plots.</summary>
public static class LessonList
{
    /// <summary>
    /// Every heading of the course in its order (the Chinese exactly as the course writes it), each with
    /// the lessons that cover it, or its short note when it is text only. In Chinese: the headings without their English
    /// titles, the descriptions, notes and labels translated (ids, paths and commands as they are).
    /// </summary>
    public static string Text()
    {
        var sb = new StringBuilder();
        var lessons = LessonRegistry.All();
        foreach (CourseSection heading in CourseOutline.Sections)
        {
            int depth = heading.Number.Count(c => c == '.');
            sb.AppendLine($"{new string(' ', 2 * depth)}{Headings.Line(heading)}");
            string indent = new(' ', 2 * depth + 2);
            foreach (Lesson l in lessons.Where(l => l.Section == heading))
            {
                sb.AppendLine($"{indent}{l.Id,-18} {LessonTexts.Description(l.Id, l.Description)}");
                if (l.Snippet is { } snippet)
                    sb.AppendLine($"{indent}{"",-18} {CliTexts.Format("list.course-view", snippet)}");
                sb.AppendLine($"{indent}{"",-18} {CliTexts.Format("list.source", LessonSource.CSharpFile(l))}" +
                    (l.Plots.Count > 0 ? CliTexts.Format("list.plots", string.Join(", ", l.Plots.Select(p => p.File))) : ""));
            }
            bool chinese = UiLanguage.IsChinese(UiLanguage.Current);
            foreach (CourseExercise e in CourseExercises.For(heading))
                sb.AppendLine($"{indent}{CliTexts.Format("list.exercise", $"{e.Id,-20}", chinese ? e.TitleChinese : e.TitleEnglish, e.Command)}");
            if (heading.Note is not null) sb.AppendLine($"{indent}{CliTexts.Format("list.note", LessonTexts.SectionNote(heading.Number, heading.Note))}");
        }
        return sb.ToString();
    }

    /// <summary>
    /// [{"id", "section", "heading", "description", "source", "python", "snippet", "exercises", "plots"}], paths relative to
    /// the repository root; the same keys in every language, "description" in the UI language.
    /// </summary>
    public static string Json()
    {
        var lessons = new JsonArray();
        foreach (Lesson l in LessonRegistry.All())
        {
            lessons.Add(new JsonObject
            {
                ["id"] = l.Id,
                ["section"] = l.Section.ToString(),
                ["heading"] = new JsonObject { ["number"] = l.Section.Number, ["chinese"] = l.Section.Chinese, ["english"] = l.Section.English },
                ["description"] = LessonTexts.Description(l.Id, l.Description),
                ["source"] = LessonSource.CSharpFile(l),
                ["python"] = LessonSource.PythonFile(l),
                ["snippet"] = l.Snippet is { } snippet ? new JsonObject { ["csharp"] = $"snippets/{snippet}.cs", ["python"] = $"snippets/{snippet}.py" } : null,
                ["exercises"] = new JsonArray(CourseExercises.For(l.Section).Select(e => (JsonNode?)new JsonObject
                {
                    ["id"] = e.Id,
                    ["file"] = e.File,
                    ["command"] = e.Command,
                }).ToArray()),
                ["plots"] = new JsonArray(l.Plots.Select(p => (JsonNode?)JsonValue.Create("plots/" + p.File)).ToArray()),
            });
        }
        return ResultJson.Serialize(lessons) + "\n";
    }
}
