using System.Text;

namespace Chapter4.Harness;

/// <summary>Writes to two writers at once, e.g. the console's interleaved text and a lesson's notes alone.</summary>
public sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
{
    public override Encoding Encoding => first.Encoding;

    public override void Write(char value) { first.Write(value); second.Write(value); }

    public override void Write(string? value) { first.Write(value); second.Write(value); }

    public override void WriteLine(string? value) { first.WriteLine(value); second.WriteLine(value); }
}
