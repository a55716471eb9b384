using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Chapter4.Harness;

namespace Chapter4.Parity;

/// <summary>
/// The committed PyTorch reference values (reference/ at the repository root, written by
/// tools/parity/reference.py), embedded in the app for <c>--compare</c> and <c>--source</c>. The
/// parity tests read the same files from disk.
/// </summary>
public static class Reference
{
    private const string ResourcePrefix = "Chapter4.Reference.";

    /// <summary>A lesson's whole fixture file, or null when it has none.</summary>
    public static JsonObject? Fixture(string lessonId)
    {
        byte[]? bytes = Resource(lessonId + ".json");
        return bytes is null ? null : JsonNode.Parse(bytes)!.AsObject();
    }

    public static IReadOnlyList<ReferenceEntry> For(string lessonId) =>
        Fixture(lessonId) is { } root ? ReferenceEntry.Parse(root) : [];

    /// <summary>The lesson's PyTorch twin: its file (relative to the repository root) and its source.</summary>
    public static (string File, string Source)? Twin(string lessonId) =>
        Fixture(lessonId)?["twin"] is JsonObject twin ? ((string)twin["file"]!, (string)twin["source"]!) : null;

    /// <summary>The reference entry with this seed and the same knob values as <paramref name="lesson"/>, if any.</summary>
    public static ReferenceEntry? Match(Lesson lesson, long seed)
    {
        foreach (ReferenceEntry entry in For(lesson.Id).Where(e => e.Seed == seed))
        {
            Lesson fresh = LessonRegistry.Find(lesson.Id)!;
            // A file knob (--weights) names a reference file: the learner's copy matches by content, wherever it is.
            var files = new Dictionary<string, string>();
            try
            {
                entry.ApplyTo(fresh, value =>
                {
                    if (Resource(value) is not null) files[value] = value;
                    return value;
                });
            }
            catch (LessonInputException)
            {
                continue;
            }
            bool same = Knobs.Of(lesson.GetType()).All(k =>
            {
                string mine = Knobs.Format(k.Property.GetValue(lesson)), theirs = Knobs.Format(k.Property.GetValue(fresh));
                return mine == theirs || (files.ContainsKey(theirs) && SameContent(mine, theirs));
            });
            if (same) return entry;
        }
        return null;
    }

    private static bool SameContent(string path, string referenceFile)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > 64 << 20) return false;
            return SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(SHA256.HashData(Resource(referenceFile)!));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static byte[]? Resource(string name)
    {
        using Stream? stream = typeof(Reference).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
