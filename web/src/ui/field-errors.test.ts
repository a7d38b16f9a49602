import { describe, expect, it } from 'vitest';
import { splitFieldError } from './field-errors.ts';

describe('server messages at their field', () => {
  it('splits a field path from the message', () => {
    expect(splitFieldError('baseUrl: 169.254.169.254 is a link-local address; set …')).toEqual({
      path: 'baseUrl',
      text: '169.254.169.254 is a link-local address; set …',
    });
    expect(splitFieldError('customPatterns.1.pattern: Invalid regular expression: missing )')).toEqual({
      path: 'customPatterns.1.pattern',
      text: 'Invalid regular expression: missing )',
    });
    expect(splitFieldError('models[3].priceInput: Too small')).toEqual({
      path: 'models[3].priceInput',
      text: 'Too small',
    });
    expect(splitFieldError('The provider "x" is used by 2 model(s)')).toEqual({
      path: null,
      text: 'The provider "x" is used by 2 model(s)',
    });
  });

  it('reads the field a validation message starts with', () => {
    expect(splitFieldError('settings.branding.logoUrl: Invalid URL').path).toBe('settings.branding.logoUrl');
    expect(splitFieldError('name: A department named "Tax" already exists there.').path).toBe('name');
    expect(splitFieldError('The department is not empty: 1 sub-departments, 0 people, 0 active keys.').path).toBeNull();
  });
});
