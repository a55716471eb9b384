using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>`list` and `list --json`: every lesson in course order with its section, source file and plots.</summary>
public static class LessonList
{
    public static string Text()
    {
        var sb = new StringBuilder();
        foreach (Lesson l in LessonRegistry.All())
        {
            sb.AppendLine($"{l.Id,-18} {l.Section.Number,-7} {l.Section.Chinese} — {l.Section.English}");
            sb.AppendLine($"{"",-18} {l.Description}");
            sb.AppendLine($"{"",-18} source: {LessonSource.CSharpFile(l)}" +
                (l.Plots.Count > 0 ? $"; plots: {string.Join(", ", l.Plots)}" : ""));
        }
        return sb.ToString();
    }

    /// <summary>[{"id", "section", "description", "source", "plots"}], source relative to the repository root.</summary>
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
                ["description"] = l.Description,
                ["source"] = LessonSource.CSharpFile(l),
                ["python"] = LessonSource.PythonFile(l),
                ["plots"] = new JsonArray(l.Plots.Select(p => (JsonNode?)JsonValue.Create("plots/" + p)).ToArray()),
            });
        }
        return ResultJson.Serialize(lessons) + "\n";
    }
}
