// GOV.UK Design System form components as React, with the markup of govuk-frontend's own
// templates so its styles apply. Inputs forward refs so react-hook-form can register them.
import { forwardRef, useEffect, useRef, type ComponentPropsWithoutRef, type ReactNode, type Ref } from "react";
import { fieldId } from "~/utils/forms";

const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

/** "There is a problem": takes focus when it appears, and marks the page title. */
export function ErrorSummary({ items }: { items: { href: string; text: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = items.map((i) => i.href + i.text).join("|");
  useEffect(() => {
    if (!items.length) return;
    ref.current?.focus();
    if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!items.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {items.map((item) => (
              <li key={item.href + item.text}>
                <a
                  href={item.href}
                  onClick={(event) => {
                    // Focus the field itself (the link target) and keep its label in view.
                    const target = document.getElementById(item.href.slice(1));
                    if (!target) return;
                    event.preventDefault();
                    target.scrollIntoView({ block: "center" });
                    target.focus({ preventScroll: true });
                  }}
                >
                  {item.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={id} className="govuk-hint">
      {children}
    </div>
  );
}

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** The label is the page's h1 ("one thing per page"). */
  isPageHeading?: boolean;
  labelSize?: "l" | "m" | "s";
  id?: string;
};

function Label({ htmlFor, label, isPageHeading, size }: { htmlFor: string; label: ReactNode; isPageHeading?: boolean; size?: string }) {
  const sizeClass = size ? `govuk-label--${size}` : isPageHeading ? "govuk-label--l" : undefined;
  const el = (
    <label className={cx("govuk-label", sizeClass)} htmlFor={htmlFor}>
      {label}
    </label>
  );
  return isPageHeading ? <h1 className="govuk-label-wrapper">{el}</h1> : el;
}

function describedBy(id: string, hint: unknown, error: unknown, extra?: string) {
  return cx(hint ? `${id}-hint` : null, error ? `${id}-error` : null, extra) || undefined;
}

type InputProps = FieldProps &
  Omit<ComponentPropsWithoutRef<"input">, "name" | "id"> & {
    width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full" | "three-quarters" | "two-thirds" | "one-half" | "one-third";
    prefix?: string;
  };

export const TextInput = forwardRef<HTMLInputElement, InputProps>(function TextInput(
  { name, label, hint, error, isPageHeading, labelSize, id, width, prefix, className, type = "text", ...input },
  ref,
) {
  const inputId = id ?? fieldId(name);
  const widthClass = width ? (/^\d+$/.test(width) ? `govuk-input--width-${width}` : `govuk-!-width-${width}`) : undefined;
  const field = (
    <input
      ref={ref}
      className={cx("govuk-input", widthClass, error && "govuk-input--error", className)}
      id={inputId}
      name={name}
      type={type}
      aria-describedby={describedBy(inputId, hint, error)}
      {...input}
    />
  );
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error")}>
      <Label htmlFor={inputId} label={label} isPageHeading={isPageHeading} size={labelSize} />
      {hint ? <Hint id={`${inputId}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${inputId}-error`}>{error}</ErrorMessage> : null}
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
          {field}
        </div>
      ) : (
        field
      )}
    </div>
  );
});

type TextareaProps = FieldProps & Omit<ComponentPropsWithoutRef<"textarea">, "name" | "id">;

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { name, label, hint, error, isPageHeading, labelSize, id, rows = 5, className, "aria-describedby": extra, ...textarea },
  ref,
) {
  const inputId = id ?? fieldId(name);
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error")}>
      <Label htmlFor={inputId} label={label} isPageHeading={isPageHeading} size={labelSize} />
      {hint ? <Hint id={`${inputId}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${inputId}-error`}>{error}</ErrorMessage> : null}
      <textarea
        ref={ref}
        className={cx("govuk-textarea", error && "govuk-textarea--error", className)}
        id={inputId}
        name={name}
        rows={rows}
        aria-describedby={describedBy(inputId, hint, error, extra)}
        {...textarea}
      />
    </div>
  );
});

type SelectProps = FieldProps &
  Omit<ComponentPropsWithoutRef<"select">, "name" | "id"> & {
    options: { value: string; text: string }[];
  };

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { name, label, hint, error, isPageHeading, labelSize, id, options, className, ...select },
  ref,
) {
  const inputId = id ?? fieldId(name);
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error")}>
      <Label htmlFor={inputId} label={label} isPageHeading={isPageHeading} size={labelSize} />
      {hint ? <Hint id={`${inputId}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${inputId}-error`}>{error}</ErrorMessage> : null}
      <select
        ref={ref}
        className={cx("govuk-select", error && "govuk-select--error", className)}
        id={inputId}
        name={name}
        aria-describedby={describedBy(inputId, hint, error)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
});

type ChoiceItem = { value: string; text: ReactNode; hint?: ReactNode };

type ChoicesProps = {
  type: "radio" | "checkbox";
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  isPageHeading?: boolean;
  legendSize?: "l" | "m" | "s";
  items: ChoiceItem[];
  /** Checked values, for the server render and a page that comes back with errors. */
  checked?: readonly string[];
  small?: boolean;
  inline?: boolean;
  inputProps?: Omit<ComponentPropsWithoutRef<"input">, "type" | "value" | "id"> & { ref?: Ref<HTMLInputElement> };
};

/**
 * Radios or checkboxes in a fieldset. The first input carries the field's id, for the error
 * link. Pass react-hook-form's `register(name)` as `inputProps`: its ref goes on every input.
 */
export function Choices({
  type,
  name,
  legend,
  hint,
  error,
  isPageHeading,
  legendSize,
  items,
  checked = [],
  small,
  inline,
  inputProps,
}: ChoicesProps) {
  const baseId = fieldId(name);
  const block = type === "radio" ? "govuk-radios" : "govuk-checkboxes";
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error")}>
      <Fieldset
        legend={legend}
        isPageHeading={isPageHeading}
        legendSize={legendSize}
        describedBy={describedBy(baseId, hint, error)}
      >
        {hint ? <Hint id={`${baseId}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${baseId}-error`}>{error}</ErrorMessage> : null}
        <div className={cx(block, small && `${block}--small`, inline && `${block}--inline`)} data-module={block}>
          {items.map((item, index) => {
            const itemId = index === 0 ? baseId : `${baseId}-${index + 1}`;
            return (
              <div className={`${block}__item`} key={item.value}>
                <input
                  className={`${block}__input`}
                  id={itemId}
                  name={name}
                  type={type}
                  value={item.value}
                  defaultChecked={checked.includes(item.value)}
                  aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                  {...inputProps}
                />
                <label className={`govuk-label ${block}__label`} htmlFor={itemId}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${itemId}-item-hint`} className={`govuk-hint ${block}__hint`}>
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}

export function Fieldset({
  legend,
  isPageHeading,
  legendSize,
  describedBy: describedById,
  children,
}: {
  legend: ReactNode;
  isPageHeading?: boolean;
  legendSize?: "l" | "m" | "s";
  describedBy?: string;
  children: ReactNode;
}) {
  const size = legendSize ?? (isPageHeading ? "l" : undefined);
  return (
    <fieldset className="govuk-fieldset" aria-describedby={describedById}>
      <legend className={cx("govuk-fieldset__legend", size && `govuk-fieldset__legend--${size}`)}>
        {isPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
      </legend>
      {children}
    </fieldset>
  );
}

type ButtonProps = ComponentPropsWithoutRef<"button"> & { variant?: "primary" | "secondary" | "warning" };

/** A submit button. `data-prevent-double-click` is honoured by our own script in root. */
export function Button({ variant = "primary", className, children, type = "submit", ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx("govuk-button", variant !== "primary" && `govuk-button--${variant}`, className)}
      data-module="govuk-button"
      {...rest}
    >
      {children}
    </button>
  );
}

export function ButtonGroup({ children }: { children: ReactNode }) {
  return <div className="govuk-button-group">{children}</div>;
}
