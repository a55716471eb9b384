using System.Text;
using Chapter4.Files;
using NUnit.Framework;

namespace Chapter4.Tests.Support;

/// <summary>
/// Golden files: the project's own text (help, list, errata, --compare, the summary table, a book page) is compared
/// whole with a stored copy in Chapter4.Tests/Golden/, so any change to it shows up as a diff in review. The copies
/// are rewritten only on purpose: <c>CHAPTER4_UPDATE_GOLDEN=1 dotnet test Chapter4.sln</c>, then read the diff.
/// </summary>
internal static class Golden
{
    private static string Folder => Path.Combine(Repository.FindRoot(AppContext.BaseDirectory)!, "Chapter4.Tests", "Golden");

    private static bool Updating => Environment.GetEnvironmentVariable("CHAPTER4_UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string name, string actual)
    {
        string path = Path.Combine(Folder, name);
        actual = actual.Replace("\r\n", "\n");
        if (Updating)
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        Assert.That(File.Exists(path), $"no golden file {name}: run with CHAPTER4_UPDATE_GOLDEN=1 once and review it");
        string expected = File.ReadAllText(path);
        if (expected == actual) return;
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{name} differs from its golden file at line {line + 1}:\n  golden: {(line < e.Length ? e[line] : "(end)")}\n  now:    {(line < a.Length ? a[line] : "(end)")}\n" +
                    "If the change is intended: CHAPTER4_UPDATE_GOLDEN=1 dotnet test Chapter4.sln, then review git diff Chapter4.Tests/Golden.");
    }
}
