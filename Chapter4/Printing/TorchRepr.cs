using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Printing;

/// <summary>
/// A tensor that came out of an autograd operation, with the name PyTorch gives its grad_fn
/// (TorchSharp does not expose autograd node names, so the lesson states the op it called).
/// </summary>
public sealed record GradFnTensor(Tensor Tensor, string GradFn);

/// <summary>A tensor printed as PyTorch prints an <c>nn.Parameter</c>.</summary>
public sealed record ParameterRepr(Tensor Tensor);

/// <summary>
/// What Python's <c>print</c> shows for PyTorch values: tensors (PyTorch 1.13's default print
/// options: precision 4, line width 80, no summarisation), <c>torch.Size</c>, dtypes, modules.
/// </summary>
public static partial class TorchRepr
{
    private const int Precision = 4;
    private const int LineWidth = 80;

    /// <summary>Python's <c>str(value)</c> for anything a lesson prints.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        double d => PyFormat.Repr(d),
        float f => PyFormat.Repr(f),
        int or long => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        Tensor t => Tensor(t, null),
        GradFnTensor g => Tensor(g.Tensor, g.GradFn),
        ParameterRepr p => "Parameter containing:\n" + Tensor(p.Tensor, null),
        ScalarType dtype => DType(dtype),
        long[] shape => Size(shape),
        nn.Module module => Module(module),
        IEnumerable<IEnumerable<double>> nested => "[" + string.Join(", ", nested.Select(PyFormat.List)) + "]",
        IEnumerable<double> list => PyFormat.List(list),
        _ => value.ToString() ?? "",
    };

    public static string Size(long[] shape) => "torch.Size([" + string.Join(", ", shape) + "])";

    public static string DType(ScalarType dtype) => "torch." + dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => dtype.ToString().ToLowerInvariant(),
    };

    /// <summary>PyTorch's <c>repr(tensor)</c>; <paramref name="gradFn"/> names a non-leaf's autograd node.</summary>
    public static string Tensor(Tensor t, string? gradFn)
    {
        const string prefix = "tensor(";
        int indent = prefix.Length;
        using var cpu = t.detach().cpu();
        double[] values = TensorValues.ToDoubles(cpu);
        var layout = new Layout(cpu.shape, values.LongLength > Threshold);
        // Summarised, the widths come from the elements shown only (PyTorch's get_summarized_data).
        var formatter = new ElementFormatter(cpu.dtype, layout.Summarize ? layout.Shown(values) : values);
        var body = new StringBuilder();
        AppendTensor(body, layout, 0, 0, indent, formatter, values);

        var suffixes = new List<string>();
        if (t.device_type != DeviceType.CPU) suffixes.Add($"device='{t.device}'");
        if (t.dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool))
            suffixes.Add("dtype=" + DType(t.dtype));
        if (gradFn is not null) suffixes.Add($"grad_fn=<{gradFn}>");
        else if (t.requires_grad) suffixes.Add(t.is_leaf ? "requires_grad=True" : "grad_fn=<unknown>");
        return AddSuffixes(prefix + body, suffixes, indent);
    }

    /// <summary>PyTorch's <c>repr(module)</c> for the module kinds the lessons build.</summary>
    public static string Module(nn.Module module)
    {
        var children = module.named_children().ToList();
        string name = module.GetType().Name;
        string extra = ExtraRepr(module);
        if (children.Count == 0) return $"{name}({extra})";
        var sb = new StringBuilder(name).Append("(\n");
        if (extra.Length > 0) sb.Append("  ").Append(extra).Append('\n');
        foreach (var (childName, child) in children)
        {
            string childRepr = Module(child).Replace("\n", "\n  ");
            sb.Append("  (").Append(childName).Append("): ").Append(childRepr).Append('\n');
        }
        return sb.Append(')').ToString();
    }

    private static string ExtraRepr(nn.Module module) => module switch
    {
        TorchSharp.Modules.Linear linear =>
            $"in_features={linear.in_features}, out_features={linear.out_features}, bias={(linear.bias is null ? "False" : "True")}",
        _ => "",
    };
}
