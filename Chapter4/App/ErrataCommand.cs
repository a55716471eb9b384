using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Course;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>`errata [--json]`: the course's mistakes, each with the lessons that print it.</summary>
public static class ErrataCommand
{
    public static Command Build(TextWriter stdout)
    {
        var command = new Command("errata", "the course text's mistakes, what is right, and the lessons that show it");
        var json = new Option<bool>("--json") { Description = "print a JSON array of {\"section\", \"course\", \"correction\", \"lessons\"}" };
        command.Options.Add(json);
        command.SetAction(p =>
        {
            stdout.Write(p.GetValue(json) ? Json() : Text());
            return 0;
        });
        return command;
    }

    public static string Text()
    {
        var sb = new StringBuilder();
        int n = 0;
        foreach (CourseErratum e in CourseErrata.All)
        {
            sb.AppendLine($"{++n,2}. {e.Section.Number} {e.Section.Chinese}: {e.Course}.");
            sb.AppendLine($"    Right: {e.Correction}. See: {string.Join(", ", e.Lessons)}.");
        }
        return sb.ToString();
    }

    public static string Json()
    {
        var array = new JsonArray();
        foreach (CourseErratum e in CourseErrata.All)
        {
            array.Add(new JsonObject
            {
                ["section"] = e.Section.ToString(),
                ["course"] = e.Course,
                ["correction"] = e.Correction,
                ["lessons"] = new JsonArray(e.Lessons.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            });
        }
        return ResultJson.Serialize(array) + "\n";
    }
}
