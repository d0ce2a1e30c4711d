// A toolbar menu whose entries are actions (the article and set-aside menus): choosing one runs it, and the menu
// shows its title again.
export function ActionMenu<T extends string>({
  label,
  hint,
  disabled,
  options,
  onChoose,
  testId,
}: {
  /** The menu's title, shown when nothing is chosen, and its accessible name. */
  label: string;
  hint: string;
  disabled: boolean;
  options: readonly (readonly [T, string])[];
  onChoose(value: T): void;
  testId: string;
}) {
  return (
    <select
      className="select select--small"
      value=""
      disabled={disabled}
      onChange={(event) => {
        const chosen = options.find(([value]) => value === event.target.value);
        if (chosen) onChoose(chosen[0]);
      }}
      aria-label={label}
      title={hint}
      data-testid={testId}
    >
      <option value="">{label}</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
}
