using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Printing;

/// <summary>How PyTorch lays a tensor's elements out: summarised edges, line wrapping, a common element width.</summary>
public static partial class TorchRepr
{
    /// <summary>torch.set_printoptions defaults: above 1000 elements a tensor prints only its first and last 3 per dimension.</summary>
    public const int Threshold = 1000, EdgeItems = 3;

    /// <summary>Where each sub-tensor starts in the row-major values, and which indices a summary shows.</summary>
    private sealed class Layout(long[] shape, bool summarize)
    {
        public long[] Shape { get; } = shape;
        public bool Summarize { get; } = summarize;

        public long Stride(int dim)
        {
            long s = 1;
            for (int d = dim + 1; d < Shape.Length; d++) s *= Shape[d];
            return s;
        }

        /// <summary>The indices shown along a dimension; -1 marks the "..." between the edges.</summary>
        public IEnumerable<long> Indices(int dim)
        {
            long n = Shape[dim];
            if (!Summarize || n <= 2 * EdgeItems)
            {
                for (long i = 0; i < n; i++) yield return i;
                yield break;
            }
            for (long i = 0; i < EdgeItems; i++) yield return i;
            yield return -1;
            for (long i = n - EdgeItems; i < n; i++) yield return i;
        }

        /// <summary>The values a summary shows, in order.</summary>
        public double[] Shown(double[] values)
        {
            var shown = new List<double>();
            void Walk(int dim, long offset)
            {
                if (dim == Shape.Length) { shown.Add(values[offset]); return; }
                foreach (long i in Indices(dim).Where(i => i >= 0)) Walk(dim + 1, offset + i * Stride(dim));
            }
            Walk(0, 0);
            return [.. shown];
        }
    }

    private static void AppendTensor(StringBuilder sb, Layout layout, int dim, long offset, int indent,
        ElementFormatter formatter, double[] values)
    {
        int rank = layout.Shape.Length - dim;
        if (rank == 0)
        {
            sb.Append(formatter.Format(values[offset]));
            return;
        }
        long stride = layout.Stride(dim);
        if (rank == 1)
        {
            // As PyTorch's _vector_str: as many elements per line as fit in the line width (" ..." counts as one).
            int elementLength = formatter.Width + 2;
            int perLine = Math.Max(1, (LineWidth - indent) / elementLength);
            sb.Append('[');
            int k = 0;
            foreach (long i in layout.Indices(dim))
            {
                if (k > 0) sb.Append(k % perLine == 0 ? ",\n" + new string(' ', indent + 1) : ", ");
                sb.Append(i < 0 ? " ..." : formatter.Format(values[offset + i * stride]));
                k++;
            }
            sb.Append(']');
            return;
        }
        sb.Append('[');
        string separator = "," + new string('\n', rank - 1) + new string(' ', indent + 1);
        bool first = true;
        foreach (long i in layout.Indices(dim))
        {
            if (!first) sb.Append(separator);
            first = false;
            if (i < 0) sb.Append("...");
            else AppendTensor(sb, layout, dim + 1, offset + i * stride, indent + 1, formatter, values);
        }
        sb.Append(']');
    }

    private static string AddSuffixes(string tensorStr, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(tensorStr);
        int lastLineLength = tensorStr.Length - tensorStr.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>PyTorch's _Formatter: picks integer, fixed or scientific layout and a common width.</summary>
    private sealed class ElementFormatter
    {
        private readonly bool _floating;
        private readonly bool _boolean;
        private readonly bool _intMode = true;
        private readonly bool _sciMode;

        public int Width { get; } = 1;

        public ElementFormatter(ScalarType dtype, double[] values)
        {
            _floating = torch.is_floating_point(dtype);
            _boolean = dtype == ScalarType.Bool;
            if (!_floating)
            {
                foreach (double v in values) Width = Math.Max(Width, FormatInteger(v).Length);
                return;
            }
            double[] nonzeroFinite = values.Where(v => double.IsFinite(v) && v != 0).ToArray();
            if (nonzeroFinite.Length == 0) return;
            double min = nonzeroFinite.Min(Math.Abs), max = nonzeroFinite.Max(Math.Abs);
            _intMode = nonzeroFinite.All(v => v == Math.Ceiling(v));
            if (_intMode)
            {
                _sciMode = max / min > 1000 || max > 1e8;
                foreach (double v in nonzeroFinite)
                    Width = Math.Max(Width, _sciMode ? PyFormat.Scientific(v, Precision).Length : PyFormat.Fixed(v, 0).Length + 1);
            }
            else
            {
                _sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
                foreach (double v in nonzeroFinite)
                    Width = Math.Max(Width, (_sciMode ? PyFormat.Scientific(v, Precision) : PyFormat.Fixed(v, Precision)).Length);
            }
        }

        public string Format(double v)
        {
            string s;
            if (!_floating) s = FormatInteger(v);
            else if (_sciMode) s = PyFormat.Scientific(v, Precision);
            else if (_intMode) s = PyFormat.Fixed(v, 0) + (double.IsFinite(v) ? "." : "");
            else s = PyFormat.Fixed(v, Precision);
            return s.PadLeft(Width);
        }

        private string FormatInteger(double v) =>
            _boolean ? (v != 0 ? "True" : "False") : ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
