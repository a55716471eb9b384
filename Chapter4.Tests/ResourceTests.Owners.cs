using System.Reflection;
using System.Text.RegularExpressions;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Language;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The trap of the SDK's manifest names: a .resx beside a .cs is embedded under the name of the FIRST type declared in
/// that .cs (namespace + type), not under the file's name. When Foo.cs opens with a record, an enum or an exception,
/// Foo.resx becomes <c>Namespace.ThatRecord.resources</c>, <see cref="Texts"/> finds no <c>Namespace.Foo.resources</c>,
/// and the lookup fails only at run time, on the line that says the text. These tests find every type that owns texts
/// (each <c>Texts.Get/Format/Exact/Keys/HasFile(typeof(X), …)</c> in the source, and each type with a .resx beside it)
/// and check that its resources are in the assembly under its own full name.
/// </summary>
public partial class ResourceTests
{
    private static string SourceRoot => Path.Combine(Repository.FindRoot(AppContext.BaseDirectory)!, "Chapter4");

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj");

    /// <summary>Each type named in a <c>Texts.…(typeof(X), …)</c> call under Chapter4/, with the file that names it.</summary>
    public static IEnumerable<(string Type, string Where)> TextOwnersInSource() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .SelectMany(f => TextsCallOwner().Matches(File.ReadAllText(f)).Select(m => (m.Groups["type"].Value, Path.GetFileName(f))))
            .Distinct()
            .OrderBy(o => o.Item1, StringComparer.Ordinal);

    /// <summary>The base name of every neutral .resx under Chapter4/ (Foo for Foo.resx; the .zh-CN satellites aside), with its path.</summary>
    public static IEnumerable<(string BaseName, string Where)> NeutralResxFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(name => !name.Contains('.', StringComparison.Ordinal))
            .Select(name => (name, name + ".resx"))
            .Order();

    /// <summary>
    /// What is wrong with these owners in <paramref name="assembly"/>: a name no type has, or a type whose
    /// <c>FullName + ".resources"</c> is not embedded. Empty when every owner's texts can be found.
    /// </summary>
    public static List<string> MissingResources(IEnumerable<(string Type, string Where)> owners, Assembly assembly)
    {
        var manifests = assembly.GetManifestResourceNames().ToHashSet(StringComparer.Ordinal);
        var types = assembly.GetTypes().Where(t => !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal)).ToLookup(t => t.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, where) in owners)
        {
            var candidates = types[name].ToList();
            if (candidates.Count == 0)
            {
                string? embedded = manifests.FirstOrDefault(m => m.EndsWith("." + name + ".resources", StringComparison.Ordinal));
                problems.Add($"{where}: no type named {name} in {assembly.GetName().Name}" +
                    (embedded is null ? "" : $" (yet {embedded} is embedded)"));
                continue;
            }
            if (!candidates.Any(t => manifests.Contains(t.FullName + ".resources")))
            {
                string others = string.Join(", ", manifests.Where(m => candidates.Any(t => m.StartsWith(t.Namespace + ".", StringComparison.Ordinal)) && m.EndsWith(".resources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                problems.Add($"{where}: {string.Join(" or ", candidates.Select(t => t.FullName + ".resources"))} is not embedded; " +
                    $"the SDK names a .resx after the first type declared in the .cs beside it, so declare {name} first in {name}.cs " +
                    $"(embedded in that namespace: {others})");
            }
        }
        return problems;
    }

    [Test]
    public void EveryTextOwnerInTheSourceHasItsResources()
    {
        var owners = TextOwnersInSource().ToList();
        Assert.That(owners.Select(o => o.Type), Is.SupersetOf(new[] { "StateDictFile", "CourseErrata", "NonFinite", "BookErrors" }), "the scan finds the owners");
        Assert.That(MissingResources(owners, Program), Is.Empty);
    }

    [Test]
    public void EveryResxIsEmbeddedUnderItsOwnTypesName()
    {
        var files = NeutralResxFiles().ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(39), "the scan finds the .resx files");
        Assert.That(MissingResources(files, Program), Is.Empty);
    }

    [Test]
    public void EveryEmbeddedResourceHasAResxOfThatName()
    {
        var names = NeutralResxFiles().Select(f => f.BaseName).ToHashSet(StringComparer.Ordinal);
        var orphans = ResourceFiles().Where(r => !names.Contains(r.Split('.')[^1])).ToList();
        Assert.That(orphans, Is.Empty, "an embedded resource named after a type that has no .resx of that name: the .resx beside it took the name of the first type of its .cs");
    }

    [Test]
    public void TheCheckCatchesAMissingOrMisnamedOwner()
    {
        Assert.Multiple(() =>
        {
            // A type that owns texts, for contrast: no problem.
            Assert.That(MissingResources([(nameof(CliTexts), "known good")], Program), Is.Empty);
            Assert.That(MissingResources([(nameof(Lesson), "known good")], Program), Is.Empty);
            // A name no type has.
            Assert.That(MissingResources([("NoSuchTextOwner", "test")], Program), Has.Count.EqualTo(1).And.Some.Contains("no type named NoSuchTextOwner"));
            // A real type with no resources under its name: what Texts sees when its .resx took another type's name.
            Assert.That(MissingResources([(nameof(LessonContext), "test")], Program), Has.Count.EqualTo(1).And.Some.Contains("Chapter4.Harness.LessonContext.resources is not embedded"));
        });
    }

    // Texts.Get(typeof(X), …), Texts.Format(typeof(Ns.X), …), and the other lookups that take an owner.
    [GeneratedRegex(@"\bTexts\.(?:Get|Format|Exact|Keys|HasFile)\(\s*typeof\((?:[A-Za-z_][A-Za-z0-9_]*\.)*(?<type>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex TextsCallOwner();
}
