using System.Reflection;
using System.Text.Json;

namespace Chapter4.Exercises.Checker;

/// <summary>One hint, in the course's language first.</summary>
public sealed record Hint(string Zh, string En);

/// <summary>
/// One exercise as exercises/exercises.json lists it: the machine-readable list an app can show per
/// course section (id, section, titles, the file to edit, its solution, the function, the hints).
/// </summary>
public sealed record ExerciseInfo(
    string Id, string Section, string TitleZh, string TitleEn, string File, string Solution, string Function, IReadOnlyList<Hint> Hints);

/// <summary>Reads exercises/exercises.json (embedded) and PyTorch's cases (reference/exercises/cases.json, embedded).</summary>
public static class ExerciseList
{
    private static readonly Lazy<IReadOnlyList<ExerciseInfo>> LazyAll = new(Load);
    private static readonly Lazy<JsonDocument> LazyCases = new(() => JsonDocument.Parse(Resource("cases.json")));

    /// <summary>Every exercise, in course order.</summary>
    public static IReadOnlyList<ExerciseInfo> All => LazyAll.Value;

    /// <summary>PyTorch's cases of one exercise: the course's and other knobs' (always run) and the seeded table (drawn from).</summary>
    public static (IReadOnlyList<JsonElement> Cases, IReadOnlyList<JsonElement> Seeded) CasesOf(string id)
    {
        if (!LazyCases.Value.RootElement.GetProperty("exercises").TryGetProperty(id, out var entry))
            throw new InvalidOperationException($"reference/exercises/cases.json has no cases for {id}: run tools/exercises/reference.py");
        return ([.. entry.GetProperty("cases").EnumerateArray()], [.. entry.GetProperty("seeded").EnumerateArray()]);
    }

    /// <summary>The PyTorch version that computed the expected values.</summary>
    public static string TorchVersion => LazyCases.Value.RootElement.GetProperty("torch_version").GetString() ?? "?";

    private static IReadOnlyList<ExerciseInfo> Load()
    {
        using var doc = JsonDocument.Parse(Resource("exercises.json"));
        return [.. doc.RootElement.GetProperty("exercises").EnumerateArray().Select(e => new ExerciseInfo(
            Text(e, "id"), Text(e, "section"), Text(e, "title_zh"), Text(e, "title_en"), Text(e, "file"), Text(e, "solution"), Text(e, "function"),
            [.. e.GetProperty("hints").EnumerateArray().Select(h => new Hint(Text(h, "zh"), Text(h, "en")))]))];
    }

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    private static Stream Resource(string name) =>
        typeof(ExerciseList).Assembly.GetManifestResourceStream("Chapter4.Exercises." + name)
        ?? throw new InvalidOperationException($"resource {name} is not embedded in {typeof(ExerciseList).Assembly.GetName().Name}");

    /// <summary>A value the build stored in the assembly (AssemblyMetadata), or null.</summary>
    public static string? BuildMetadata(string key) =>
        typeof(ExerciseList).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
