namespace ReshipDashboard;

/// <summary>
/// Marker for the app's one resource set. Keys are the Chinese texts themselves (Chinese is the default),
/// SharedResource.en.resx translates them; SharedResource.resx holds only keys that are not Chinese text
/// (status labels such as `status.pending`).
/// </summary>
public sealed class SharedResource;
