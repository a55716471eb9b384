namespace Chapter4.Harness;

/// <summary>
/// A one-line progress display on stderr, redrawn in place. Silent unless the learner is at an
/// interactive terminal (never under --json, in tests or when output is redirected).
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly string _label;
    private int _lastLength;

    public ProgressLine(TextWriter? writer, string label)
    {
        _writer = writer;
        _label = label;
    }

    public void Report(int done, int total, string detail)
    {
        if (_writer is null) return;
        const int Width = 24;
        int filled = total == 0 ? Width : done * Width / total;
        string line = $"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {detail}";
        _writer.Write(line.PadRight(_lastLength));
        _lastLength = line.Length;
    }

    public void Dispose()
    {
        if (_writer is null || _lastLength == 0) return;
        _writer.Write("\r" + new string(' ', _lastLength) + "\r");
    }
}
