namespace Chapter4.Printing;

/// <summary>
/// Python's <c>print</c> for C# code that reads like the course: <c>print("w.grad->", w.grad)</c> prints
/// <c>w.grad-> tensor([0.9900])</c>, each value as PyTorch shows it, separated by spaces. The snippets
/// (<c>snippets/*.cs</c>) bring this folder in with <c>#:include</c>; the lessons print through the same line.
/// </summary>
public static class Py
{
    /// <summary>The line Python's <c>print(a, b, ...)</c> writes, without its newline.</summary>
    public static string Line(params object?[] values) => string.Join(" ", values.Select(TorchRepr.Str));

#pragma warning disable IDE1006 // named as Python's print, so that a snippet reads like the course's script
    /// <summary>Python's <c>print(a, b, ...)</c> to standard output.</summary>
    public static void print(params object?[] values) => Console.WriteLine(Line(values));
#pragma warning restore IDE1006
}
