using System.Text.Json.Nodes;

namespace Chapter4.Harness;

/// <summary>One PyTorch reference run of a lesson, from tools/parity/reference.py.</summary>
public sealed record ReferenceEntry(string Lesson, string Name, long Seed, string[] Args, JsonObject Results, string Stdout, string TorchVersion)
{
    /// <summary>Reads a fixture file's entries.</summary>
    public static IReadOnlyList<ReferenceEntry> Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
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

/// <summary>
/// The committed PyTorch reference values, embedded in the app for <c>--compare</c>. (The parity
/// tests read the same fixture files from disk.)
/// </summary>
public static class Reference
{
    public static IReadOnlyList<ReferenceEntry> For(string lessonId)
    {
        using Stream? stream = typeof(Reference).Assembly.GetManifestResourceStream($"Chapter4.Reference.{lessonId}.json");
        if (stream is null) return [];
        using var reader = new StreamReader(stream);
        return ReferenceEntry.Parse(reader.ReadToEnd());
    }

    /// <summary>The reference entry with this seed and the same knob values as <paramref name="lesson"/>, if any.</summary>
    public static ReferenceEntry? Match(Lesson lesson, long seed)
    {
        foreach (ReferenceEntry entry in For(lesson.Id).Where(e => e.Seed == seed))
        {
            Lesson fresh = LessonRegistry.Find(lesson.Id)!;
            try
            {
                entry.ApplyTo(fresh);
            }
            catch (LessonInputException)
            {
                continue;
            }
            bool same = Knobs.Of(lesson.GetType()).All(k =>
                Knobs.Format(k.Property.GetValue(lesson)) == Knobs.Format(k.Property.GetValue(fresh)));
            if (same) return entry;
        }
        return null;
    }
}

/// <summary>A numeric value found in both result trees.</summary>
public sealed record ComparedValue(string Path, double Expected, double Actual)
{
    public double AbsoluteDifference => Math.Abs(Expected - Actual);

    /// <summary>Equal once both are rounded to float32 (the lessons compute in float32).</summary>
    public bool BitExactFloat32 => UlpDistanceFloat32 == 0;

    public bool Within(double absolute, double relative) =>
        BitExactFloat32 || AbsoluteDifference <= absolute + relative * Math.Abs(Expected);

    /// <summary>
    /// How many float32 values lie between the two, after rounding both to float32 (0 = bit-exact).
    /// Unlike an absolute bound this is as strict for 1e-40 as for 1e4.
    /// </summary>
    public long UlpDistanceFloat32
    {
        get
        {
            if (double.IsNaN(Expected) || double.IsNaN(Actual)) return double.IsNaN(Expected) && double.IsNaN(Actual) ? 0 : long.MaxValue;
            return Math.Abs(Ordered((float)Expected) - Ordered((float)Actual));
        }
    }

    // Maps float32 bit patterns onto a line where neighbours differ by one (−0 and +0 coincide).
    private static long Ordered(float f)
    {
        int bits = BitConverter.SingleToInt32Bits(f);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }
}

/// <summary>Walks two JSON result trees side by side.</summary>
public sealed class ResultComparison
{
    public List<ComparedValue> Values { get; } = [];

    /// <summary>Differences in structure or in non-numeric values, as "path: what".</summary>
    public List<string> Mismatches { get; } = [];

    public static ResultComparison Compare(JsonNode? expected, JsonNode? actual)
    {
        var c = new ResultComparison();
        c.Walk("", expected, actual);
        return c;
    }

    private void Walk(string path, JsonNode? e, JsonNode? a)
    {
        switch (e, a)
        {
            case (null, null):
                return;
            case (JsonObject eo, JsonObject ao):
                foreach (var key in eo.Select(kv => kv.Key).Union(ao.Select(kv => kv.Key)))
                {
                    string p = path.Length == 0 ? key : $"{path}.{key}";
                    if (!eo.ContainsKey(key)) Mismatches.Add($"{p}: not in the PyTorch reference");
                    else if (!ao.ContainsKey(key)) Mismatches.Add($"{p}: missing from the lesson's results");
                    else Walk(p, eo[key], ao[key]);
                }
                return;
            case (JsonArray ea, JsonArray aa):
                if (ea.Count != aa.Count) { Mismatches.Add($"{path}: length {aa.Count}, PyTorch has {ea.Count}"); return; }
                for (int i = 0; i < ea.Count; i++) Walk($"{path}[{i}]", ea[i], aa[i]);
                return;
            case (JsonValue ev, JsonValue av) when IsNumber(ev) && IsNumber(av):
                Values.Add(new ComparedValue(path, AsDouble(ev), AsDouble(av)));
                return;
            default:
                if (e?.ToJsonString() != a?.ToJsonString())
                    Mismatches.Add($"{path}: {a?.ToJsonString() ?? "null"}, PyTorch has {e?.ToJsonString() ?? "null"}");
                return;
        }
    }

    // A node may hold a float, a double or parsed text; its JSON text is the common ground.
    private static double AsDouble(JsonValue v) =>
        double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsNumber(JsonValue v) => v.GetValueKind() == System.Text.Json.JsonValueKind.Number;
}
