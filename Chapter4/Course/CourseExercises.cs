using System.Text.Json.Nodes;

namespace Chapter4.Course;

/// <summary>One exercise of exercises/ (exercises/exercises.json): the learner writes one function, checked against PyTorch.</summary>
public sealed record CourseExercise(string Id, string Section, string TitleChinese, string TitleEnglish, string File)
{
    /// <summary>The command that checks it.</summary>
    public string Command => $"dotnet run --project exercises -- {Id}";
}

/// <summary>The exercises by course section, read from exercises/exercises.json (embedded at build time).</summary>
public static class CourseExercises
{
    private static readonly Lazy<IReadOnlyList<CourseExercise>> Exercises = new(() =>
    {
        using Stream? stream = typeof(CourseExercises).Assembly.GetManifestResourceStream("Chapter4.Exercises.json");
        if (stream is null) return [];
        var root = JsonNode.Parse(stream)!;
        return root["exercises"]!.AsArray().Select(e => new CourseExercise(
            (string)e!["id"]!, (string)e["section"]!, (string)e["title_zh"]!, (string)e["title_en"]!, (string)e["file"]!)).ToList();
    });

    public static IReadOnlyList<CourseExercise> All => Exercises.Value;

    /// <summary>The exercises of one course section, in their order.</summary>
    public static IEnumerable<CourseExercise> For(CourseSection section) => All.Where(e => e.Section == section.Number);
}
