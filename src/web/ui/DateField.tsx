import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/**
 * Ant Design's date picker for a form field holding a `YYYY-MM-DD` string (the shared schemas' date format), so a form
 * keeps plain strings while people pick dates in Chinese instead of typing into a browser's mm/dd/yyyy input.
 */
export function DateField({
  value,
  onChange,
  ...rest
}: {
  value?: string | null;
  onChange?: (value: string) => void;
  'aria-label'?: string;
  'data-testid'?: string;
  placeholder?: string;
  defaultPickerValue?: string;
}) {
  const { defaultPickerValue, ...props } = rest;
  return (
    <DatePicker
      {...props}
      style={{ width: '100%' }}
      format="YYYY-MM-DD"
      value={value ? dayjs(value) : null}
      defaultPickerValue={defaultPickerValue ? dayjs(defaultPickerValue) : undefined}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : '')}
    />
  );
}
