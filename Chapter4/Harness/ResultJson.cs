using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chapter4.Printing;
using static TorchSharp.torch;

namespace Chapter4.Harness;

/// <summary>Turns lesson values into JSON nodes: tensors become nested arrays of numbers.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep 中文 readable
    };

    public static JsonNode? From(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        Tensor t => FromTensor(t),
        GradFnTensor g => FromTensor(g.Tensor),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        float f => Number(f),
        double d => Number(d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        long[] shape => new JsonArray(shape.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        IDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, From(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(From).ToArray()),
        _ => throw new ArgumentException($"cannot express {value.GetType().Name} as JSON"),
    };

    /// <summary>A tensor as nested arrays; float32 values stay float32 so the JSON shows 0.1, not 0.10000000149.</summary>
    public static JsonNode FromTensor(Tensor t)
    {
        using var cpu = t.detach().cpu();
        bool isFloat32 = cpu.dtype is ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16;
        bool isBool = cpu.dtype == ScalarType.Bool;
        bool isInteger = !is_floating_point(cpu) && !isBool;
        using var flat = cpu.to_type(ScalarType.Float64).contiguous();
        double[] values = flat.data<double>().ToArray();
        int index = 0;
        JsonNode Build(int dim)
        {
            if (dim == cpu.shape.Length)
            {
                double v = values[index++];
                if (isBool) return JsonValue.Create(v != 0);
                if (isInteger) return JsonValue.Create((long)v);
                return isFloat32 ? Number((float)v) : Number(v);
            }
            var array = new JsonArray();
            for (long i = 0; i < cpu.shape[dim]; i++) array.Add(Build(dim + 1));
            return array;
        }
        return Build(0);
    }

    /// <summary>JSON has no NaN or infinity: those are written as the strings "NaN", "Infinity", "-Infinity" (as the PyTorch twins do).</summary>
    public static JsonNode Number(double d) => double.IsFinite(d) ? JsonValue.Create(d)
        : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");

    /// <inheritdoc cref="Number(double)"/>
    public static JsonNode Number(float f) => float.IsFinite(f) ? JsonValue.Create(f) : Number((double)f);

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);
}
