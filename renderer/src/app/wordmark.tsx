/** The Stratus mark: three stacked layers of cloud, and the name. */
export function Wordmark({ large = false }: { readonly large?: boolean }) {
  const size = large ? 28 : 18;
  return (
    <div className={large ? 'wordmark wordmark-large' : 'wordmark'}>
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="3" y="5" width="18" height="3" rx="1.5" fill="var(--accent)" />
        <rect x="6" y="10.5" width="15" height="3" rx="1.5" fill="var(--accent)" opacity="0.7" />
        <rect x="3" y="16" width="12" height="3" rx="1.5" fill="var(--accent)" opacity="0.45" />
      </svg>
      <span className="wordmark-text">Stratus</span>
    </div>
  );
}
