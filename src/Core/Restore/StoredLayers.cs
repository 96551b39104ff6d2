using System.Runtime.CompilerServices;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Restore;

/// <summary>
/// The stored bundles of a restore (<see cref="BundlePart.RestoreLayers"/>), read one after the other, each through
/// its SHA-256: a layer that is missing, or whose bytes are not the recorded ones, stops the restore with what it is.
/// </summary>
public sealed class StoredLayers(IBackupStore store, IReadOnlyList<BundleObject> layers) : IAsyncDisposable
{
    private HashingReadStream? _current;
    private BundleObject? _currentLayer;

    /// <summary>The layers' streams in order; moving past one checks its bytes (throws <see cref="StoredLayerException"/>).</summary>
    public async IAsyncEnumerable<Stream> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var layer in layers)
        {
            var stored = await store.OpenReadAsync(layer.Key, layer.VersionId, cancellationToken)
                ?? throw new StoredLayerException($"{store.Describe(layer.Key)} is missing, though the manifest lists it.", missing: true);
            _current = new HashingReadStream(stored);
            _currentLayer = layer;
            yield return _current;
            if (await FinishCurrentAsync(cancellationToken) is { } problem)
            {
                throw new StoredLayerException(problem, missing: false);
            }
        }
    }

    /// <summary>
    /// Reads the rest of the layer being restored and compares it with the manifest: after git failed, a truncated or
    /// altered object is reported as such, not only as git's complaint. Null when it holds the recorded bytes.
    /// </summary>
    public async Task<string?> FinishCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } hashing || _currentLayer is not { } layer)
        {
            return null;
        }

        _current = null;
        _currentLayer = null;
        await using (hashing)
        {
            await hashing.DrainAsync(cancellationToken);
            return hashing.BytesRead == layer.SizeBytes && hashing.Sha256 == layer.Sha256
                ? null
                : $"{store.Describe(layer.Key)} is {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}; the manifest recorded {layer.SizeBytes} bytes with {layer.Sha256}"
                    + (hashing.BytesRead < layer.SizeBytes ? " (truncated)." : hashing.BytesRead == layer.SizeBytes ? " (altered)." : ".");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }
    }
}
