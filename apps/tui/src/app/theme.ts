import { createContext, useContext } from 'react';

/** Semantic colours of the app; every one is undefined under NO_COLOR (plain terminal text). */
export interface Theme {
  accent: string | undefined;
  muted: string | undefined;
  user: string | undefined;
  success: string | undefined;
  warning: string | undefined;
  error: string | undefined;
  code: string | undefined;
}

const COLOURS: Theme = {
  accent: 'cyan',
  muted: 'gray',
  user: 'blue',
  success: 'green',
  warning: 'yellow',
  error: 'red',
  code: 'magenta',
};

const NO_COLOURS: Theme = {
  accent: undefined,
  muted: undefined,
  user: undefined,
  success: undefined,
  warning: undefined,
  error: undefined,
  code: undefined,
};

/** The theme for an environment: no colour at all when NO_COLOR is set (no-color.org). */
export function themeFor(env: Record<string, string | undefined>): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? NO_COLOURS : COLOURS;
}

export const ThemeContext = createContext<Theme>(COLOURS);

/** The app's theme. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
