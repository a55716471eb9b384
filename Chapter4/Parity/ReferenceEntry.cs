using System.Text.Json.Nodes;
using Chapter4.Harness;

namespace Chapter4.Parity;

/// <summary>One PyTorch reference run of a lesson, from tools/parity/reference.py (a fixture in reference/).</summary>
public sealed record ReferenceEntry(string Lesson, string Name, long Seed, string[] Args, JsonObject Results, string Stdout, string TorchVersion)
{
    /// <summary>Reads a fixture file's entries.</summary>
    public static IReadOnlyList<ReferenceEntry> Parse(string json) => Parse(JsonNode.Parse(json)!.AsObject());

    /// <inheritdoc cref="Parse(string)"/>
    public static IReadOnlyList<ReferenceEntry> Parse(JsonObject root)
    {
        string lesson = (string)root["lesson"]!;
        string version = (string)root["torch_version"]!;
        return root["entries"]!.AsArray().Select(e => new ReferenceEntry(
            lesson,
            (string)e!["name"]!,
            (long)e["seed"]!,
            e["args"]!.AsArray().Select(a => (string)a!).ToArray(),
            e["results"]!.AsObject(),
            (string)e["stdout"]!,
            version)).ToList();
    }

    /// <summary>
    /// Sets the entry's knobs on a lesson, the args being pairs "--name value".
    /// <paramref name="resolve"/> may map a value first (the tests turn fixture file names into paths).
    /// </summary>
    public void ApplyTo(Lesson lesson, Func<string, string>? resolve = null)
    {
        for (int i = 0; i + 1 < Args.Length; i += 2)
            Knobs.Set(lesson, Args[i][2..], resolve is null ? Args[i + 1] : resolve(Args[i + 1]));
    }
}

