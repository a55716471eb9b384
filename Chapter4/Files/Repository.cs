namespace Chapter4.Files;

/// <summary>Where the repository is, when the app runs from inside it (the folder holding Chapter4.sln).</summary>
public static class Repository
{
    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Chapter4.sln, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Chapter4.sln"))) return dir.FullName;
        return null;
    }
}
